import type { InferenceSession, Tensor } from 'onnxruntime-common';
import type { VoiceActivityDetector } from '../../shared/dsp/vad';
import type { OrtSetup } from './ort-runtime';
import { MODEL_SAMPLE_RATE } from '../../shared/model/sample-rate';

/**
 * Silero VAD v5 (the model @ricky0123/vad-web ships) run with onnxruntime-web, the way
 * vad-web's `Silero` class runs it: 512-sample frames at 16 kHz with 64 samples of context
 * and a recurrent state. Any block size is accepted: samples are buffered into 512-frames
 * and the latest frame's probability is returned.
 */
export const SILERO_FRAME = 512;
const CONTEXT = 64;

export class SileroVad implements VoiceActivityDetector {
  private state: Tensor;
  private context = new Float32Array(CONTEXT);
  private pending = new Float32Array(SILERO_FRAME);
  private filled = 0;
  private last = 0;

  constructor(private readonly setup: OrtSetup, private readonly session: InferenceSession, private readonly sr: Tensor) {
    this.state = this.zeroState();
  }

  /** Loads the model once; the returned factory makes one VAD (own state) per stream. */
  static async load(setup: OrtSetup, modelBytes: Uint8Array): Promise<() => SileroVad> {
    // Silero is tiny and stateful: wasm is fine, WebGPU would only add transfers.
    const session = await setup.ort.InferenceSession.create(modelBytes, { executionProviders: ['wasm'] });
    const sr = new setup.ort.Tensor('int64', BigInt64Array.from([BigInt(MODEL_SAMPLE_RATE)]), []);
    return () => new SileroVad(setup, session, sr);
  }

  private zeroState(): Tensor {
    // state: [2, 1, 128] float32
    return new this.setup.ort.Tensor('float32', new Float32Array(256), [2, 1, 128]);
  }

  /** input: [1, 64 + 512] float32 — previous frame's tail, then this frame; reused for every frame. */
  private readonly x = new Float32Array(CONTEXT + SILERO_FRAME);

  /** Speech probability of one 512-sample frame. */
  async frame(frame: Float32Array): Promise<number> {
    // Reuse one input buffer (31 frames a second per stream): no per-frame allocation on our side.
    this.x.set(this.context);
    this.x.set(frame.subarray(0, SILERO_FRAME), CONTEXT);
    this.context.set(frame.subarray(SILERO_FRAME - CONTEXT, SILERO_FRAME));
    const input = new this.setup.ort.Tensor('float32', this.x, [1, this.x.length]);
    const out = await this.session.run({ input, state: this.state, sr: this.sr });
    const next = out['stateN'];
    const p = out['output']?.data[0];
    if (!next || typeof p !== 'number') throw new Error('Silero VAD: unexpected model output');
    // The previous state and the scalar output are ours to free (no-ops for CPU tensors, real for GPU-backed ones).
    if (this.state !== next) this.state.dispose?.();
    out['output']?.dispose?.();
    this.state = next;
    this.last = p;
    return p;
  }

  async speechProbability(block: Float32Array): Promise<number> {
    let off = 0;
    while (off < block.length) {
      const n = Math.min(block.length - off, SILERO_FRAME - this.filled);
      this.pending.set(block.subarray(off, off + n), this.filled);
      this.filled += n;
      off += n;
      if (this.filled === SILERO_FRAME) {
        await this.frame(this.pending);
        this.filled = 0;
      }
    }
    return this.last;
  }

  reset(): void {
    this.state = this.zeroState();
    this.context.fill(0);
    this.filled = 0;
    this.last = 0;
  }
}
