import { describe, expect, expectTypeOf, it } from 'vitest';
import { fixtureSidecar } from '../../tests/fixtures/fixture-model';
import type { ModelSidecar } from '../model/sidecar';
import { classify, sensitivityParams, sensitivityParamsSchema, suspiciousFloor, thresholdFor, type PresetName } from './presets';

describe('sensitivity presets', () => {
  const sc = fixtureSidecar();
  it('reads thresholds from the sidecar, not constants', () => {
    expect(thresholdFor(sc, { preset: 'sensitive' })).toBe(0.3);
    expect(thresholdFor(sc, { preset: 'balanced' })).toBe(0.5);
    const other = { presets: { ...sc.presets, balanced: { threshold: 0.42 } } };
    expect(thresholdFor(other, { preset: 'balanced' })).toBe(0.42);
  });

  it('accepts a custom threshold and rejects one outside (0, 1)', () => {
    expect(thresholdFor(sc, { preset: 'custom', threshold: 0.7 })).toBe(0.7);
    expect(() => thresholdFor(sc, { preset: 'custom', threshold: 1 })).toThrow(RangeError);
  });

  it('classifies into human / suspicious / synthetic around the threshold', () => {
    expect(classify(0.9, 0.5)).toBe('synthetic');
    expect(classify(0.5, 0.5)).toBe('suspicious');
    expect(classify(0.5001, 0.5)).toBe('synthetic');
    expect(suspiciousFloor(0.5)).toBeCloseTo(0.2);
    expect(classify(0.3, 0.5)).toBe('suspicious');
    expect(classify(0.1, 0.5)).toBe('human');
  });
});

describe('one sensitivity shape', () => {
  it('the sidecar has a threshold for exactly the preset names', () => {
    expectTypeOf<keyof ModelSidecar['presets']>().toEqualTypeOf<PresetName>();
  });

  it('reads the flat form (REST fields, CLI flags) and writes it back', () => {
    expect(sensitivityParamsSchema.parse({})).toEqual({ preset: 'balanced' });
    expect(sensitivityParamsSchema.parse({ preset: 'custom', threshold: '0.7' })).toEqual({ preset: 'custom', threshold: 0.7 });
    expect(sensitivityParamsSchema.safeParse({ preset: 'custom' }).success).toBe(false);
    expect(sensitivityParamsSchema.safeParse({ preset: 'paranoid' }).success).toBe(false);
    expect(sensitivityParamsSchema.parse(sensitivityParams({ preset: 'custom', threshold: 0.25 }))).toEqual({ preset: 'custom', threshold: 0.25 });
  });
});
