import { describe, expect, it } from 'vitest';
import { TARGET_RATE } from '../dsp/resample';
import { fixtureSidecar } from '../../tests/fixtures/fixture-model';
import { MODEL_SAMPLE_RATE } from './sample-rate';
import { parseSidecar } from './sidecar';

describe('model sample rate', () => {
  it('is the rate sidecars must declare and the resampler targets', () => {
    expect(parseSidecar({ ...fixtureSidecar(), sampleRate: MODEL_SAMPLE_RATE }).sampleRate).toBe(MODEL_SAMPLE_RATE);
    expect(() => parseSidecar({ ...fixtureSidecar(), sampleRate: 22050 })).toThrow(/sampleRate/);
    expect(TARGET_RATE).toBe(MODEL_SAMPLE_RATE);
  });
});
