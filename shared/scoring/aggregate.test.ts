import { describe, expect, it } from 'vitest';
import { aggregateWindows, type ScoredWindow } from './aggregate';
import { MODEL_SAMPLE_RATE } from '../model/sample-rate';

const w = (i: number, p: number | null): ScoredWindow => ({ startSample: i * MODEL_SAMPLE_RATE, endSample: i * MODEL_SAMPLE_RATE + 2 * MODEL_SAMPLE_RATE, speech: p !== null, pSpoof: p });

describe('aggregateWindows', () => {
  it('says no-speech when nothing was scored', () => {
    const a = aggregateWindows([w(0, null), w(1, null)], 0.5, MODEL_SAMPLE_RATE);
    expect(a.verdict).toBe('no-speech');
    expect(a.pSpoof).toBeNull();
    expect(a.explanation[0]).toMatch(/No speech/);
  });

  it('combines windows as the mean of their logits', () => {
    const a = aggregateWindows([w(0, 0.9), w(1, 0.1)], 0.5, MODEL_SAMPLE_RATE);
    expect(a.pSpoof).toBeCloseTo(0.5);
    expect(a.timeline).toHaveLength(2);
    expect(a.timeline[1]).toMatchObject({ startS: 1, endS: 3, pSpoof: 0.1, speech: true });
  });

  it('flags a consistently synthetic file and says where', () => {
    const a = aggregateWindows([w(0, 0.97), w(1, 0.99), w(2, 0.95), w(3, 0.96), w(4, 0.98)], 0.5, MODEL_SAMPLE_RATE);
    expect(a.verdict).toBe('synthetic');
    expect(a.explanation.join(' ')).toMatch(/5 of 5 speech windows/);
    expect(a.explanation.join(' ')).toMatch(/1\.0 s–3\.0 s/);
  });

  it('marks a partly synthetic file suspicious even when the mean is human', () => {
    const ws = [w(0, 0.02), w(1, 0.02), w(2, 0.03), w(3, 0.9), w(4, 0.9), w(5, 0.02), w(6, 0.02)];
    const a = aggregateWindows(ws, 0.5, MODEL_SAMPLE_RATE);
    expect(a.verdict).toBe('suspicious');
    expect(a.explanation.join(' ')).toMatch(/spliced/);
  });

  it('warns when there is little speech, and counts overlapping windows once', () => {
    const a = aggregateWindows([w(0, 0.1), w(1, 0.1)], 0.5, MODEL_SAMPLE_RATE);
    expect(a.speechS).toBe(3);
    expect(a.explanation.join(' ')).toMatch(/less reliable/);
  });

  it('mentions clipping and invalid samples from the stats', () => {
    const a = aggregateWindows([w(0, 0.1)], 0.5, MODEL_SAMPLE_RATE, { rms: 0.3, peak: 1, clippedFraction: 0.05, nonFinite: 3, samples: 100 });
    expect(a.explanation.join(' ')).toMatch(/clipped/);
    expect(a.explanation.join(' ')).toMatch(/3 invalid/);
  });
});
