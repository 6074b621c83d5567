import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createOnnxDetector, parseSidecar, type OrtRuntime } from '../../../shared/index';
import { fixtureLogit, fixtureModelBytes, fixtureSidecar } from '../../../tests/fixtures/fixture-model';
import { REPO_ROOT } from '../config';
import { InferenceWorkerError, OffThreadOrt } from './off-thread-ort';

const tone = (n: number, amp: number) => Float32Array.from({ length: n }, (_, i) => amp * Math.sin(i / 7));

/** Runs `fn` while a 1 ms timer records the longest time the event loop did not turn. */
async function worstGap(fn: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return Math.max(worst, performance.now() - last);
}

describe('OffThreadOrt', () => {
  it('scores on the worker as onnxruntime-node does in-process', async () => {
    const rt = new OffThreadOrt();
    try {
      const d = await createOnnxDetector(rt, fixtureModelBytes(), fixtureSidecar(), { maxBatch: 2 });
      const windows = [0.1, 0.2, 0.3].map((a) => tone(8000, a));
      const scores = await d.processBatch(windows);
      scores.forEach((s, i) => expect(s.logit).toBeCloseTo(fixtureLogit(windows[i]!), 4));
      await d.release();
    } finally {
      await rt.close();
    }
  });

  it('fails pending and later calls by name when the worker is gone, instead of hanging', async () => {
    const rt = new OffThreadOrt();
    const d = await createOnnxDetector(rt, fixtureModelBytes(), fixtureSidecar());
    const pending = d.process(tone(8000, 0.2)).catch((e: unknown) => e);
    await rt.close();
    expect(await pending).toBeInstanceOf(InferenceWorkerError);
    await expect(d.process(tone(8000, 0.2))).rejects.toBeInstanceOf(InferenceWorkerError);
  });

  // Session 11: onnxruntime-node runs a session on the calling thread; on the main thread each
  // 16-window call of the lite model held the event loop 60-170 ms.
  const lite = join(REPO_ROOT, 'models', 'lite.json');
  it.skipIf(!existsSync(lite))('keeps the event loop turning during a call (the shipped lite model)', async () => {
    const sidecar = parseSidecar(JSON.parse(readFileSync(lite, 'utf8')), 'lite.json');
    const bytes = new Uint8Array(readFileSync(join(REPO_ROOT, 'models', sidecar.file)));
    const windows = Array.from({ length: 16 }, (_, i) => tone(sidecar.windowSamples, 0.1 + i / 100));
    const inProcess = await createOnnxDetector(ort as unknown as OrtRuntime, bytes, sidecar, { maxBatch: 16 });
    const rt = new OffThreadOrt();
    try {
      const offThread = await createOnnxDetector(rt, bytes, sidecar, { maxBatch: 16 });
      await offThread.processBatch(windows); // warm both
      await inProcess.processBatch(windows);
      const held = await worstGap(() => inProcess.processBatch(windows));
      const free = await worstGap(() => offThread.processBatch(windows));
      expect(held).toBeGreaterThan(20); // the call itself, on this thread
      expect(free).toBeLessThan(held / 2);
    } finally {
      await inProcess.release();
      await rt.close();
    }
  }, 60_000);
});
