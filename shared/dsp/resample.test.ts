import { describe, expect, it } from 'vitest';
import { resample, Resampler, SampleRateError, SUPPORTED_RATES } from './resample';

function tone(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  const n = Math.round(rate * seconds);
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate));
}

/** RMS over the middle half, away from edge effects. */
function midRms(x: Float32Array): number {
  const a = Math.floor(x.length / 4);
  const b = Math.floor((3 * x.length) / 4);
  let s = 0;
  for (let i = a; i < b; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / (b - a));
}

const db = (r: number) => 20 * Math.log10(r);

describe('resample to 16 kHz', () => {
  for (const rate of SUPPORTED_RATES) {
    it(`passes a 1 kHz tone from ${rate} Hz with < 0.1 dB error and the right length`, () => {
      const y = resample(tone(1000, rate, 1), rate);
      expect(y.length).toBe(16000);
      expect(Math.abs(db(midRms(y) / (0.5 / Math.SQRT2)))).toBeLessThan(0.1);
    });
  }

  for (const rate of [22050, 24000, 32000, 44100, 48000]) {
    it(`rejects a 10 kHz tone from ${rate} Hz by more than 60 dB (anti-aliasing)`, () => {
      const y = resample(tone(10000, rate, 1), rate);
      expect(db(midRms(y) / (0.5 / Math.SQRT2))).toBeLessThan(-60);
    });
  }

  it('keeps a 6.5 kHz tone from 48 kHz (near the passband edge) within 0.5 dB', () => {
    const y = resample(tone(6500, 48000, 1), 48000);
    expect(Math.abs(db(midRms(y) / (0.5 / Math.SQRT2)))).toBeLessThan(0.5);
  });

  it('is time-aligned: a click stays at the same time', () => {
    const x = new Float32Array(48000);
    x[24000] = 1;
    const y = resample(x, 48000);
    let arg = 0;
    for (let i = 1; i < y.length; i++) if (Math.abs(y[i]!) > Math.abs(y[arg]!)) arg = i;
    expect(Math.abs(arg - 8000)).toBeLessThanOrEqual(1);
  });

  it('gives the same output when streamed in odd-sized blocks as in one block', () => {
    const x = tone(440, 44100, 0.5);
    const whole = new Resampler(44100).push(x);
    const r = new Resampler(44100);
    const parts: number[] = [];
    for (let i = 0; i < x.length; i += 317) parts.push(...r.push(x.subarray(i, i + 317)));
    expect(parts.length).toBe(whole.length);
    let maxErr = 0;
    for (let i = 0; i < whole.length; i++) maxErr = Math.max(maxErr, Math.abs(whole[i]! - parts[i]!));
    expect(maxErr).toBeLessThan(1e-6);
  });

  it('returns a copy at 16 kHz input', () => {
    const x = tone(300, 16000, 0.1);
    const y = resample(x, 16000);
    expect(y).not.toBe(x);
    expect(Array.from(y)).toEqual(Array.from(x));
  });

  it('rejects impossible sample rates with a clear error', () => {
    expect(() => new Resampler(0)).toThrow(SampleRateError);
    expect(() => new Resampler(44100.5)).toThrow(/unsupported sample rate/);
    expect(() => new Resampler(1_000_000)).toThrow(SampleRateError);
    expect(() => new Resampler(16001)).toThrow(/filter phases/);
  });
});
