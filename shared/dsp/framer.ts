/**
 * Cuts a stream of samples into windows of `window` samples every `hop` samples.
 * Streaming: `push` returns the windows completed by the new samples, each tagged with the
 * index of its first sample in the stream. Memory stays at one window plus one push.
 */
export interface Frame {
  index: number;
  startSample: number;
  samples: Float32Array;
}

export class Framer {
  private buf: Float32Array;
  private filled = 0;
  /** Stream position of buf[0]. */
  private bufStart = 0;
  private nextIndex = 0;
  /** Samples still to discard from the next pushes (the tail of a skipped span, up to a window start). */
  private discard = 0;

  constructor(readonly window: number, readonly hop: number) {
    if (!Number.isInteger(window) || window <= 0) throw new RangeError('window must be a positive integer');
    if (!Number.isInteger(hop) || hop <= 0 || hop > window) throw new RangeError('hop must be in 1..window');
    this.buf = new Float32Array(window * 2);
  }

  /** Samples received so far. */
  get position(): number {
    return this.bufStart + this.filled;
  }

  push(samples: Float32Array): Frame[] {
    const frames: Frame[] = [];
    let offset = Math.min(this.discard, samples.length);
    this.discard -= offset;
    while (offset < samples.length) {
      const n = Math.min(samples.length - offset, this.buf.length - this.filled);
      this.buf.set(samples.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      while (this.filled >= this.window) {
        frames.push({ index: this.nextIndex++, startSample: this.bufStart, samples: this.buf.slice(0, this.window) });
        this.buf.copyWithin(0, this.hop, this.filled);
        this.filled -= this.hop;
        this.bufStart += this.hop;
      }
    }
    return frames;
  }

  /**
   * The next `n` samples of the stream were lost upstream (dropped under overload): every
   * window not yet cut that would hold any of them is lost too. Indices and start samples
   * stay those of the stream; returns how many windows were lost.
   */
  skip(n: number): number {
    const end = this.position + this.discard + Math.max(0, Math.floor(n));
    const lost = end > this.bufStart ? Math.ceil((end - this.bufStart) / this.hop) : 0;
    this.nextIndex += lost;
    this.bufStart += lost * this.hop;
    this.discard = this.bufStart - end;
    this.filled = 0;
    return lost;
  }

  reset(): void {
    this.discard = 0;
    this.filled = 0;
    this.bufStart = 0;
    this.nextIndex = 0;
  }
}

/**
 * Windows of a whole signal. A signal shorter than one window gives one zero-padded window;
 * a tail longer than half a hop gets a last window aligned to the end of the signal.
 */
export function frameSignal(x: Float32Array, window: number, hop: number): Frame[] {
  if (x.length === 0) return [];
  if (x.length <= window) {
    const w = new Float32Array(window);
    w.set(x);
    return [{ index: 0, startSample: 0, samples: w }];
  }
  const frames: Frame[] = [];
  let start = 0;
  for (; start + window <= x.length; start += hop) {
    frames.push({ index: frames.length, startSample: start, samples: x.slice(start, start + window) });
  }
  const lastEnd = start - hop + window;
  if (x.length - lastEnd > hop / 2) {
    const s = x.length - window;
    frames.push({ index: frames.length, startSample: s, samples: x.slice(s) });
  }
  return frames;
}
