import { Resampler, TARGET_RATE } from '../../shared/dsp/resample';
import { floatToInt16, int16ToBase64 } from '../../shared/dsp/pcm';

/** Samples per `stream.audio` message: 200 ms at 16 kHz keeps messages small and latency low. */
const CHUNK = 3200;

/**
 * One remote stream in the isolated content script: worklet blocks at the page's audio
 * rate → shared Resampler → 16 kHz → Int16 base64 chunks (runtime messaging is JSON).
 * Audio is held until the inference context has accepted the stream, then flushed.
 */
export class StreamUplink {
  private readonly resampler: Resampler | null;
  private pending: Float32Array[] = [];
  private pendingLen = 0;
  private seq = 0;
  private open = false;
  private closed = false;
  /** Mean square of the last ~1 s, for attribution ("is this stream sounding now?"). */
  private energy = 0;

  constructor(readonly streamId: string, rate: number, private readonly send: (seq: number, pcm: string) => void) {
    this.resampler = rate === TARGET_RATE ? null : new Resampler(rate, TARGET_RATE);
  }

  get active(): boolean {
    return this.energy > 1e-5;
  }

  push(block: Float32Array): void {
    if (this.closed) return;
    let ms = 0;
    for (let i = 0; i < block.length; i++) ms += block[i]! * block[i]!;
    this.energy = 0.95 * this.energy + 0.05 * (ms / Math.max(1, block.length));
    const y = this.resampler ? this.resampler.push(block) : block.slice();
    this.pending.push(y);
    this.pendingLen += y.length;
    // Before the stream is accepted keep at most ~10 s (the model may still be loading).
    while (!this.open && this.pendingLen > TARGET_RATE * 10) this.pendingLen -= this.pending.shift()!.length;
    if (this.open) this.flush(false);
  }

  /** The inference context accepted the stream (ok) or refused it (no model): start or stop sending. */
  accept(ok: boolean): void {
    this.open = ok;
    if (!ok) this.close();
    else this.flush(false);
  }

  close(): void {
    this.closed = true;
    this.pending = [];
    this.pendingLen = 0;
  }

  private flush(all: boolean): void {
    while (this.pendingLen >= CHUNK || (all && this.pendingLen > 0)) {
      const n = Math.min(CHUNK, this.pendingLen);
      const out = new Float32Array(n);
      let off = 0;
      while (off < n) {
        const head = this.pending[0]!;
        const take = Math.min(head.length, n - off);
        out.set(head.subarray(0, take), off);
        off += take;
        if (take === head.length) this.pending.shift();
        else this.pending[0] = head.subarray(take);
      }
      this.pendingLen -= n;
      this.send(this.seq++, int16ToBase64(floatToInt16(out)));
    }
  }
}
