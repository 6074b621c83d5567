/** Level statistics of a block of samples in [-1, 1]. */
export interface SignalStats {
  rms: number;
  peak: number;
  /** Fraction of samples at or beyond the clipping level. */
  clippedFraction: number;
  /** Number of NaN / infinite samples found (and zeroed by `sanitize`). */
  nonFinite: number;
  samples: number;
}

export const CLIP_LEVEL = 0.999;

export function signalStats(x: ArrayLike<number>): SignalStats {
  let sum = 0;
  let peak = 0;
  let clipped = 0;
  let bad = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) {
      bad++;
      continue;
    }
    const a = Math.abs(v);
    sum += v * v;
    if (a > peak) peak = a;
    if (a >= CLIP_LEVEL) clipped++;
  }
  const n = x.length;
  return {
    rms: n ? Math.sqrt(sum / n) : 0,
    peak,
    clippedFraction: n ? clipped / n : 0,
    nonFinite: bad,
    samples: n,
  };
}

/** Level in dBFS of an RMS value (−Infinity for silence). */
export function toDbfs(rms: number): number {
  return rms > 0 ? 20 * Math.log10(rms) : -Infinity;
}

/**
 * Returns the samples with NaN/±Infinity replaced by 0 and values clamped to [-1, 1].
 * Returns the same array when it is already clean, so the common case costs one pass.
 */
export function sanitize(x: Float32Array): Float32Array {
  let clean = true;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!(v >= -1 && v <= 1)) {
      clean = false;
      break;
    }
  }
  if (clean) return x;
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    y[i] = Number.isFinite(v) ? Math.max(-1, Math.min(1, v)) : 0;
  }
  return y;
}
