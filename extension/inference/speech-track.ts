import type { VoiceActivityDetector } from '../../shared/dsp/vad';
import { MIN_SPEECH_FRACTION } from '../../shared/dsp/vad';
import { MODEL_SAMPLE_RATE } from '../../shared/model/sample-rate';

/**
 * Runs a VAD over a stream in fixed blocks and remembers each block's speech probability
 * by stream position, so any window [start, end) — scored locally or by the companion —
 * can be asked "was this speech?". Keeps only the last `keepSamples` of history.
 */
export class SpeechTrack {
  private probs: number[] = [];
  /** Stream position (in samples) of probs[0]. */
  private base = 0;
  private carry = new Float32Array(0);
  /** Stream position of the first block called speech (null: none yet). */
  private onset: number | null = null;

  constructor(private readonly vad: VoiceActivityDetector, readonly block = 512, private readonly keepSamples = MODEL_SAMPLE_RATE * 60) {}

  /** Position up to which speech probabilities are known. */
  get position(): number {
    return this.base + this.probs.length * this.block;
  }

  async push(x: Float32Array): Promise<void> {
    const all = new Float32Array(this.carry.length + x.length);
    all.set(this.carry);
    all.set(x, this.carry.length);
    let off = 0;
    for (; off + this.block <= all.length; off += this.block) {
      const p = await this.vad.speechProbability(all.subarray(off, off + this.block));
      if (this.onset === null && p >= 0.5) this.onset = this.position;
      this.probs.push(p);
    }
    this.carry = all.slice(off);
    const excess = this.probs.length - Math.ceil(this.keepSamples / this.block);
    if (excess > 0) {
      this.probs.splice(0, excess);
      this.base += excess * this.block;
    }
  }

  /** Share of blocks in [start, end) whose speech probability is at least `threshold`. */
  fraction(start: number, end: number, threshold = 0.5): number {
    const i0 = Math.max(0, Math.floor((start - this.base) / this.block));
    const i1 = Math.min(this.probs.length, Math.ceil((end - this.base) / this.block));
    if (i1 <= i0) return 0;
    let n = 0;
    for (let i = i0; i < i1; i++) if (this.probs[i]! >= threshold) n++;
    return n / (i1 - i0);
  }

  /** Stream position of the first block called speech, or null before any. */
  get speechOnset(): number | null {
    return this.onset;
  }

  isSpeech(start: number, end: number): boolean {
    return this.fraction(start, end) >= MIN_SPEECH_FRACTION;
  }

  reset(): void {
    this.probs = [];
    this.base = 0;
    this.carry = new Float32Array(0);
    this.onset = null;
    this.vad.reset();
  }
}
