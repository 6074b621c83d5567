import { describe, expect, it, vi } from 'vitest';
import { fixtureSidecar } from '../../tests/fixtures/fixture-model';
import { createOnnxDetector, DetectorError, type OrtRuntime } from './detector';

/** A stand-in runtime: logit = first sample × 10, so tests can check plumbing without ONNX. */
function fakeOrt(opts: { inputNames?: string[]; badOutput?: boolean } = {}) {
  const runs: number[][] = [];
  const release = vi.fn(async () => {});
  class Tensor {
    constructor(public type: string, public data: Float32Array, public dims: number[]) {}
  }
  const ort = {
    Tensor,
    InferenceSession: {
      async create() {
        return {
          inputNames: opts.inputNames ?? ['waveform'],
          outputNames: ['logit'],
          release,
          async run(feeds: Record<string, Tensor>) {
            const t = feeds.waveform!;
            runs.push(t.dims);
            const [b, w] = t.dims as [number, number];
            const out = Float32Array.from({ length: opts.badOutput ? b + 1 : b }, (_, i) => t.data[i * w]! * 10);
            return { logit: new Tensor('float32', out, [b]) };
          },
        };
      },
    },
  } as unknown as OrtRuntime;
  return { ort, runs, release };
}

const win = (first: number) => {
  const w = new Float32Array(8000);
  w[0] = first;
  return w;
};

describe('createOnnxDetector', () => {
  it('feeds [batch, window] tensors and calibrates the logits', async () => {
    const { ort, runs } = fakeOrt();
    const d = await createOnnxDetector(ort, new Uint8Array(), fixtureSidecar(), { maxBatch: 2 });
    const scores = await d.processBatch([win(0), win(0.1), win(-0.1)]);
    expect(runs).toEqual([[2, 8000], [1, 8000]]);
    expect(scores.map((s) => s.logit)).toEqual([0, Math.fround(0.1) * 10, Math.fround(-0.1) * 10].map(Math.fround));
    expect(scores[0]!.pSpoof).toBeCloseTo(0.5);
    expect((await d.process(win(0.5))).pSpoof).toBeGreaterThan(0.99);
  });

  it('zeroes NaN samples before inference', async () => {
    const { ort } = fakeOrt();
    const d = await createOnnxDetector(ort, new Uint8Array(), fixtureSidecar());
    expect((await d.process(win(NaN))).logit).toBe(0);
  });

  it('rejects windows of the wrong length and models without the sidecar\'s tensors', async () => {
    const { ort } = fakeOrt();
    const d = await createOnnxDetector(ort, new Uint8Array(), fixtureSidecar());
    await expect(d.process(new Float32Array(10))).rejects.toThrow(/expects 8000/);
    const bad = fakeOrt({ inputNames: ['audio'] });
    await expect(createOnnxDetector(bad.ort, new Uint8Array(), fixtureSidecar())).rejects.toThrow(DetectorError);
    expect(bad.release).toHaveBeenCalled();
  });

  it('rejects a model that returns the wrong number of scores', async () => {
    const { ort } = fakeOrt({ badOutput: true });
    const d = await createOnnxDetector(ort, new Uint8Array(), fixtureSidecar());
    await expect(d.process(win(0))).rejects.toThrow(/values for 1 windows/);
  });

  it('releases once and refuses work afterwards', async () => {
    const { ort, release } = fakeOrt();
    const d = await createOnnxDetector(ort, new Uint8Array(), fixtureSidecar());
    await d.release();
    await d.release();
    expect(release).toHaveBeenCalledTimes(1);
    await expect(d.process(win(0))).rejects.toThrow(/released/);
  });
});
