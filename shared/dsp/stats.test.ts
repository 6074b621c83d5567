import { describe, expect, it } from 'vitest';
import { sanitize, signalStats, toDbfs } from './stats';

describe('signal statistics', () => {
  it('measures RMS, peak and clipping', () => {
    const x = Float32Array.from([1, -1, 0.5, -0.5]);
    const s = signalStats(x);
    expect(s.rms).toBeCloseTo(Math.sqrt((1 + 1 + 0.25 + 0.25) / 4));
    expect(s.peak).toBe(1);
    expect(s.clippedFraction).toBe(0.5);
    expect(toDbfs(0.5)).toBeCloseTo(-6.02, 1);
    expect(toDbfs(0)).toBe(-Infinity);
  });

  it('counts and removes NaN and infinite samples', () => {
    const x = Float32Array.from([NaN, 0.1, Infinity, -3]);
    expect(signalStats(x).nonFinite).toBe(2);
    expect(Array.from(sanitize(x))).toEqual([0, Math.fround(0.1), 0, -1]);
  });

  it('returns the same array when nothing needs cleaning', () => {
    const x = Float32Array.from([0.1, -0.2]);
    expect(sanitize(x)).toBe(x);
  });

  it('handles empty input', () => {
    expect(signalStats(new Float32Array(0))).toMatchObject({ rms: 0, peak: 0, samples: 0 });
  });
});
