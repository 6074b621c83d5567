/**
 * Rational polyphase resampler with a Kaiser-windowed sinc low-pass: streaming (state kept
 * between `push` calls) and one-shot (`resample`). The anti-aliasing cut-off sits at
 * 0.92 × the lower Nyquist frequency, so a 48 kHz → 16 kHz conversion passes speech up to
 * ~6.5 kHz within 0.5 dB and rejects content that would alias (10 kHz and up) by more than 60 dB.
 */
import { MODEL_SAMPLE_RATE } from '../model/sample-rate';

/** The models' rate (shared/model/sample-rate); the name the resampler's callers already use. */
export const TARGET_RATE = MODEL_SAMPLE_RATE;
export const SUPPORTED_RATES = [8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000] as const;
const MIN_RATE = 4000;
const MAX_RATE = 384000;
const MAX_PHASES = 4096;

export class SampleRateError extends Error {
  override name = 'SampleRateError';
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

export interface ResamplerOptions {
  /** Zero crossings of the sinc on each side at the lower rate; more = sharper, slower. */
  zeroCrossings?: number;
  /** Cut-off as a fraction of the lower Nyquist frequency. */
  rolloff?: number;
  /** Kaiser window beta (8.6 ≈ 80 dB stop band). */
  beta?: number;
}

export class Resampler {
  readonly up: number;
  readonly down: number;
  /** Polyphase table: `taps` coefficients for each of `up` phases, row-major. */
  private readonly table: Float32Array;
  /** Filter length per phase, in input samples. */
  readonly taps: number;
  private history: Float32Array;
  /** Input samples kept from earlier pushes (`taps - 1` at most). */
  private held = 0;
  /** Position of the next output, in units of 1/up input samples, relative to history start. */
  private t = 0;

  constructor(readonly fromRate: number, readonly toRate: number = TARGET_RATE, opts: ResamplerOptions = {}) {
    for (const r of [fromRate, toRate]) {
      if (!Number.isInteger(r) || r < MIN_RATE || r > MAX_RATE) {
        throw new SampleRateError(`unsupported sample rate ${r} Hz (expected an integer between ${MIN_RATE} and ${MAX_RATE})`);
      }
    }
    const g = gcd(fromRate, toRate);
    this.up = toRate / g;
    this.down = fromRate / g;
    if (this.up > MAX_PHASES) {
      throw new SampleRateError(`sample rate ${fromRate} Hz → ${toRate} Hz needs ${this.up} filter phases; not supported`);
    }
    const Z = opts.zeroCrossings ?? 16;
    const rolloff = opts.rolloff ?? 0.92;
    const beta = opts.beta ?? 8.6;
    const ratio = Math.max(1, this.down / this.up); // >1 when downsampling
    this.taps = 2 * Math.ceil(Z * ratio);
    // Prototype at the upsampled rate (up × fromRate): length taps × up, centred.
    const L = this.up;
    const N = this.taps * L;
    const fc = (0.5 * rolloff) / Math.max(L, this.down); // cycles per upsampled sample
    const centre = (N - 1) / 2;
    const i0b = besselI0(beta);
    this.table = new Float32Array(N);
    for (let p = 0; p < L; p++) {
      for (let k = 0; k < this.taps; k++) {
        const j = p + k * L;
        const x = j - centre;
        const sinc = x === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * x) / (Math.PI * x);
        const r = (2 * j) / (N - 1) - 1;
        const w = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0b;
        this.table[p * this.taps + k] = sinc * w * L;
      }
    }
    this.history = new Float32Array(this.taps * 2 + 1024);
    this.t = (this.taps - 1) * L; // first output needs a full filter of (zero) history
    this.held = this.taps - 1; // zero-primed history
  }

  /** Group delay the filter adds, in output samples (the prototype's centre). */
  get delay(): number {
    return (this.taps * this.up - 1) / 2 / this.down;
  }

  /** Resamples the next block of a stream; returns the output samples now available. */
  push(input: Float32Array): Float32Array {
    const need = this.held + input.length;
    if (this.history.length < need) {
      const h = new Float32Array(need * 2);
      h.set(this.history.subarray(0, this.held));
      this.history = h;
    }
    this.history.set(input, this.held);
    const avail = need;
    const L = this.up;
    const M = this.down;
    const K = this.taps;
    // output n uses history indices i0-K+1..i0 where i0 = floor(t / L) must be < avail
    const lastT = avail * L - 1;
    const count = this.t > lastT ? 0 : Math.floor((lastT - this.t) / M) + 1;
    const out = new Float32Array(count);
    const h = this.history;
    const tab = this.table;
    let t = this.t;
    for (let n = 0; n < count; n++, t += M) {
      const i0 = Math.floor(t / L);
      const p = t - i0 * L;
      const base = p * K;
      let acc = 0;
      for (let k = 0; k < K; k++) acc += tab[base + k]! * h[i0 - k]!;
      out[n] = acc;
    }
    // keep the last K-1 inputs and rebase t
    const firstNeeded = Math.max(0, Math.floor(t / L) - (K - 1));
    const keep = avail - firstNeeded;
    this.history.copyWithin(0, firstNeeded, avail);
    this.held = keep;
    this.t = t - firstNeeded * L;
    return out;
  }

  /** Pushes enough zeros to drain the filter's delay line (end of a stream). */
  flush(): Float32Array {
    return this.push(new Float32Array(this.taps));
  }

  reset(): void {
    this.history.fill(0);
    this.held = this.taps - 1;
    this.t = (this.taps - 1) * this.up;
  }
}

/**
 * Resamples a whole signal to `toRate` with the filter delay removed, so the output is
 * time-aligned with the input and has round(len × to / from) samples.
 */
export function resample(input: Float32Array, fromRate: number, toRate: number = TARGET_RATE): Float32Array {
  if (fromRate === toRate) return input.slice();
  const r = new Resampler(fromRate, toRate);
  const body = r.push(input);
  const tail = r.flush();
  const all = new Float32Array(body.length + tail.length);
  all.set(body);
  all.set(tail, body.length);
  const delayOut = Math.round(r.delay);
  const len = Math.round((input.length * toRate) / fromRate);
  const out = new Float32Array(len);
  out.set(all.subarray(delayOut, delayOut + len));
  return out;
}
