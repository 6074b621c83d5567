import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { calibrate } from '../model/calibration';
import type { ModelSidecar } from '../model/sidecar';
import { sanitize } from '../dsp/stats';

/**
 * The slice of an onnxruntime namespace (onnxruntime-node or onnxruntime-web) the detector
 * needs. Passing it in keeps shared/ free of any runtime import.
 */
export interface OrtRuntime {
  InferenceSession: {
    create(model: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession>;
  };
  Tensor: typeof Tensor;
}

export interface WindowScore {
  /** Raw model output for the window. */
  logit: number;
  /** Calibrated probability that the window is synthetic speech. */
  pSpoof: number;
}

/** One interface for every model on both sides (browser and companion). */
export interface Detector {
  readonly sidecar: ModelSidecar;
  /** Human-readable engine, e.g. "onnxruntime-node/cpu" or "onnxruntime-web/wasm". */
  readonly engine: string;
  /** Scores one window of exactly `sidecar.windowSamples` 16 kHz samples. */
  process(window: Float32Array): Promise<WindowScore>;
  /** Scores several windows in one inference call. */
  processBatch(windows: readonly Float32Array[]): Promise<WindowScore[]>;
  /** Forgets per-stream state (none for stateless models; kept for stateful wrappers). */
  reset(): void;
  /** Frees the inference session; the detector is unusable afterwards. */
  release(): Promise<void>;
}

export interface DetectorOptions {
  engine?: string;
  sessionOptions?: InferenceSession.SessionOptions;
  /** Largest batch handed to one `run` call. */
  maxBatch?: number;
}

export class DetectorError extends Error {
  override name = 'DetectorError';
}

export async function createOnnxDetector(
  ort: OrtRuntime,
  modelBytes: Uint8Array,
  sidecar: ModelSidecar,
  options: DetectorOptions = {},
): Promise<Detector> {
  const session = await ort.InferenceSession.create(modelBytes, options.sessionOptions);
  const inName = sidecar.input.name;
  const outName = sidecar.output.name;
  if (!session.inputNames.includes(inName)) {
    await session.release();
    throw new DetectorError(`model has no input "${inName}" (has ${session.inputNames.join(', ')})`);
  }
  if (!session.outputNames.includes(outName)) {
    await session.release();
    throw new DetectorError(`model has no output "${outName}" (has ${session.outputNames.join(', ')})`);
  }
  const W = sidecar.windowSamples;
  const maxBatch = Math.max(1, options.maxBatch ?? 16);
  let released = false;

  async function runChunk(windows: readonly Float32Array[]): Promise<WindowScore[]> {
    // input tensor: [batch, windowSamples] float32
    const data = new Float32Array(windows.length * W);
    windows.forEach((w, i) => {
      if (w.length !== W) throw new DetectorError(`window has ${w.length} samples, model expects ${W}`);
      data.set(sanitize(w), i * W);
    });
    const input = new ort.Tensor('float32', data, [windows.length, W]);
    const out = await session.run({ [inName]: input });
    const t = out[outName];
    if (!t || t.data.length !== windows.length) {
      throw new DetectorError(`model output "${outName}" has ${t?.data.length ?? 0} values for ${windows.length} windows`);
    }
    const logits = t.data as Float32Array;
    const scores = Array.from(logits, (l) => ({ logit: l, pSpoof: calibrate(l, sidecar.calibration) }));
    // Outputs are read: free them now rather than at the next GC (GPU- or wasm-backed tensors hold native memory).
    for (const v of Object.values(out)) v.dispose?.();
    input.dispose?.();
    return scores;
  }

  async function processBatch(windows: readonly Float32Array[]): Promise<WindowScore[]> {
    if (released) throw new DetectorError('detector was released');
    const scores: WindowScore[] = [];
    for (let i = 0; i < windows.length; i += maxBatch) {
      scores.push(...(await runChunk(windows.slice(i, i + maxBatch))));
    }
    return scores;
  }

  return {
    sidecar,
    engine: options.engine ?? 'onnxruntime',
    async process(window) {
      const [s] = await processBatch([window]);
      return s!;
    },
    processBatch,
    reset() {},
    async release() {
      if (released) return;
      released = true;
      await session.release();
    },
  };
}
