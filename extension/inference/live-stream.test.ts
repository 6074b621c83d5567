import { describe, expect, it } from 'vitest';
import type { Detector } from '../../shared/scoring/detector';
import { EnergyVad } from '../../shared/dsp/vad';
import { LiveStream, type LiveUpdate } from './live-stream';
import type { LiveRuleParams, LiveStateThresholds } from '../../shared/scoring/live-file';
import { SpeechTrack } from './speech-track';
import { MODEL_SAMPLE_RATE } from '../../shared/model/sample-rate';
import { LiveTrace } from './live-trace';

const W = 8000;
const RULE: LiveRuleParams = { b: 2, maxEvidence: 30, hysteresis: 0.5, silentWindowsForNoSpeech: 4 };
// Bars on the mean calibrated logit: suspicious above 0, synthetic above 1 (plus 2/√n).
const BARS: LiveStateThresholds = { suspicious: 0, synthetic: 1, rates: { suspicious: 0.01, synthetic: 0.002 } };
function fakeDetector(p: number): Detector & { calls: number } {
  const d = {
    calls: 0,
    sidecar: { windowSamples: W, hopSamples: W / 2, sampleRate: MODEL_SAMPLE_RATE } as Detector['sidecar'],
    engine: 'fake-browser',
    async process() {
      d.calls++;
      return { logit: 0, pSpoof: p };
    },
    async processBatch(w: readonly Float32Array[]) {
      return Promise.all(w.map(() => d.process()));
    },
    reset() {},
    async release() {},
  };
  return d;
}

const tone = (n: number, amp = 0.3) => Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * 220 * i) / MODEL_SAMPLE_RATE));
const settle = () => new Promise((r) => setTimeout(r, 20));

/** A stream on the energy gate with the test rule and bars, and every update it published. */
function liveStream(det: Detector): { s: LiveStream; out: LiveUpdate[] } {
  const out: LiveUpdate[] = [];
  return { s: new LiveStream(det, new SpeechTrack(new EnergyVad()), RULE, BARS, (u) => out.push(u)), out };
}

describe('LiveStream', () => {
  it('scores speech windows and turns synthetic with a high score', async () => {
    const det = fakeDetector(0.95);
    const { s, out } = liveStream(det);
    await s.push(new Float32Array(4000)); // quiet lead-in sets the noise floor
    for (let i = 0; i < 6; i++) await s.push(tone(4000));
    await settle();
    expect(det.calls).toBeGreaterThan(0);
    expect(out.at(-1)!.state).toBe('synthetic');
    expect(out.at(-1)!.engine).toBe('fake-browser');
  });

  it('gives a first verdict from the first speech window; one odd window does not raise a warning', async () => {
    const scores = [0.85, 0.02, 0.02, 0.02, 0.02];
    const det = fakeDetector(0);
    det.process = async () => ({ logit: 0, pSpoof: scores[det.calls++] ?? 0.02 });
    const { s, out } = liveStream(det);
    await s.push(new Float32Array(4000));
    for (let i = 0; i < 8; i++) await s.push(tone(4000));
    await settle();
    const scored = out.filter((u) => u.windowP !== null);
    expect(scored[0]).toMatchObject({ state: 'human', evidenceS: 0.25 }); // logit(0.85) = 1.7: under the one-window bar for suspicious (0 + 2/√1)
    expect(out.map((u) => u.state)).not.toContain('synthetic');
    expect(out.at(-1)).toMatchObject({ state: 'human', falseAlarmRate: null });
  });

  it('publishes the false-alarm rate of a warning state with the evidence behind it', async () => {
    const det = fakeDetector(0.95);
    const { s, out } = liveStream(det);
    await s.push(new Float32Array(4000));
    for (let i = 0; i < 8; i++) await s.push(tone(4000));
    await settle();
    expect(out.at(-1)).toMatchObject({ state: 'synthetic', falseAlarmRate: 0.002 });
    expect(out.at(-1)!.evidenceS).toBeGreaterThan(0.5);
    expect(out.at(-1)!.bars!.synthetic).toBeLessThan(out.find((u) => u.windowP !== null)!.bars!.synthetic);
  });

  it('scores an early window as soon as the latest window-length holds enough speech', async () => {
    const det = fakeDetector(0.05);
    const { s, out } = liveStream(det);
    for (let i = 0; i < 6; i++) await s.push(new Float32Array(1000)); // silence; windows end at 8000, 12000, …
    await s.push(tone(2000)); // speech 6000–8000: the grid's window [0, 8000) is only a quarter speech
    await s.push(tone(1000)); // at 9000 the early window [1000, 9000) holds enough; the grid's next one ends at 12000
    await settle();
    expect(det.calls).toBeGreaterThan(0);
    expect(out.find((u) => u.state === 'human')).toBeDefined();
    expect(s.position).toBeLessThan(12000);
  });

  it('traces the first verdict in pipeline order, at the stream positions the audio reached', async () => {
    const det = fakeDetector(0.05);
    const trace = new LiveTrace();
    const s = new LiveStream(det, new SpeechTrack(new EnergyVad()), RULE, BARS, () => {}, trace);
    for (let i = 0; i < 4; i++) await s.push(new Float32Array(1000));
    for (let i = 0; i < 6; i++) await s.push(tone(1000));
    await settle();
    const m = trace.marks;
    expect(m.energy).toMatchObject({ sample: 4000, end: 5000 }); // the first loud block, in the chunk that brought it
    expect(m.vad!.sample).toBeGreaterThanOrEqual(4000 - 512); // the VAD block (512) that holds the onset
    expect(m.window!.sample).toBeGreaterThan(m.vad!.sample!);
    const order = (['audio', 'energy', 'vad', 'window', 'scored', 'verdict'] as const).map((k) => m[k]!.t);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const verdictAt = m.verdict!.t;
    for (let i = 0; i < 4; i++) await s.push(tone(4000));
    await settle();
    expect(trace.marks.verdict!.t).toBe(verdictAt); // first occurrences only
  });

  it('does not score silence', async () => {
    const det = fakeDetector(0.95);
    const { s, out } = liveStream(det);
    for (let i = 0; i < 10; i++) await s.push(new Float32Array(4000));
    await settle();
    expect(det.calls).toBe(0);
    expect(out.at(-1)!.state).toBe('no-speech');
  });

  it('starts afresh when another person speaks on the track', async () => {
    const det = fakeDetector(0.95);
    const { s, out } = liveStream(det);
    await s.push(new Float32Array(4000));
    for (let i = 0; i < 6; i++) await s.push(tone(4000));
    await settle();
    expect(out.at(-1)!.state).toBe('synthetic');
    s.newSpeaker();
    expect(out.at(-1)).toMatchObject({ state: 'listening', pSpoof: null });
  });

  it('uses companion scores while connected and falls back to local ones without a gap', async () => {
    const det = fakeDetector(0.05);
    const { s, out } = liveStream(det);
    await s.push(new Float32Array(4000));
    s.setRemote('companion · large');
    for (let i = 0; i < 4; i++) await s.push(tone(4000));
    await settle();
    expect(det.calls).toBe(0); // local model idle while the companion answers
    s.remoteScore(0, W, 0.9, 'companion · large');
    expect(out.at(-1)!.engine).toBe('companion · large');
    s.setRemote(null); // companion dropped
    for (let i = 0; i < 2; i++) await s.push(tone(4000));
    await settle();
    expect(det.calls).toBeGreaterThan(0);
    expect(out.at(-1)!.engine).toBe('fake-browser');
  });
});
