import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createOnnxDetector, type OrtRuntime } from '../shared/scoring/detector';
import { analyzeSignal } from '../shared/scoring/analyze-signal';
import { fixtureLogit, fixtureModelBytes, fixtureSidecar } from './fixtures/fixture-model';
import { MODEL_SAMPLE_RATE } from '../shared/model/sample-rate';

// The shared detector and file pipeline on the real onnxruntime-node, with the RMS test fixture.
const runtime = ort as unknown as OrtRuntime;

function toneAt(rate: number, seconds: number, amp: number): Float32Array {
  return Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amp * Math.sin((2 * Math.PI * 180 * i) / rate) * (1 + 0.3 * Math.sin(i / 900)));
}

describe('shared detector on onnxruntime-node', () => {
  it('matches the fixture graph\'s arithmetic', async () => {
    const d = await createOnnxDetector(runtime, fixtureModelBytes(), fixtureSidecar(), { engine: 'onnxruntime-node/cpu' });
    const w = toneAt(MODEL_SAMPLE_RATE, 0.5, 0.2);
    const s = await d.process(w);
    expect(s.logit).toBeCloseTo(fixtureLogit(w), 4);
    expect(d.engine).toBe('onnxruntime-node/cpu');
    await d.release();
  });

  it('analyses a 44.1 kHz file: loud speech-like audio is synthetic, quiet is human, silence is no-speech', async () => {
    const d = await createOnnxDetector(runtime, fixtureModelBytes(), fixtureSidecar());
    const loud = await analyzeSignal(d, toneAt(44100, 3, 0.3), 44100, { threshold: 0.5 });
    expect(loud.verdict).toBe('synthetic');
    expect(loud.durationS).toBeCloseTo(3, 2);
    expect(loud.timeline.length).toBeGreaterThan(4);
    const quiet = await analyzeSignal(d, toneAt(44100, 3, 0.02), 44100, { threshold: 0.5 });
    expect(quiet.verdict).toBe('human');
    const silent = await analyzeSignal(d, new Float32Array(48000), 48000, { threshold: 0.5 });
    expect(silent.verdict).toBe('no-speech');
    await d.release();
  });

  it('reports progress and survives NaN samples', async () => {
    const d = await createOnnxDetector(runtime, fixtureModelBytes(), fixtureSidecar());
    const x = toneAt(MODEL_SAMPLE_RATE, 4, 0.3);
    x.fill(NaN, 1000, 2000);
    const progress: number[] = [];
    const r = await analyzeSignal(d, x, MODEL_SAMPLE_RATE, { threshold: 0.5, batchSize: 2, onProgress: (p) => progress.push(p.done) });
    expect(r.stats.nonFinite).toBe(1000);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(r.timeline.filter((t) => t.speech).length);
    expect(r.explanation.join(' ')).toMatch(/invalid/);
    await d.release();
  });
});
