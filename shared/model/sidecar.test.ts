import { describe, expect, it } from 'vitest';
import { fixtureSidecar } from '../../tests/fixtures/fixture-model';
import { calibrate, logit, sigmoid } from './calibration';
import { parseSidecar, SidecarError, windowSeconds } from './sidecar';

const valid = () => JSON.parse(JSON.stringify(fixtureSidecar())) as Record<string, any>;

describe('model sidecar', () => {
  it('accepts a valid sidecar and gives window length in seconds', () => {
    const s = parseSidecar(valid());
    expect(s.windowSamples).toBe(8000);
    expect(windowSeconds(s)).toBe(0.5);
  });

  it('rejects a wrong sample rate with the path in the message', () => {
    const j = valid();
    j.sampleRate = 44100;
    expect(() => parseSidecar(j, 'lite.json')).toThrow(/lite\.json: invalid model sidecar at sampleRate/);
  });

  it('rejects presets that do not rise from sensitive to conservative', () => {
    const j = valid();
    j.presets.sensitive.threshold = 0.9;
    expect(() => parseSidecar(j)).toThrow(SidecarError);
  });

  it('rejects a file path that escapes the models folder', () => {
    const j = valid();
    j.file = '../evil.onnx';
    expect(() => parseSidecar(j)).toThrow(/file/);
  });

  it('rejects a hop longer than the window and non-objects', () => {
    const j = valid();
    j.hopSamples = j.windowSamples + 1;
    expect(() => parseSidecar(j)).toThrow(/hopSamples/);
    expect(() => parseSidecar(null)).toThrow(SidecarError);
  });
});

describe('calibration', () => {
  it('applies Platt scaling', () => {
    expect(calibrate(2, { method: 'platt', scale: 0.5, bias: -1 })).toBeCloseTo(0.5);
    expect(calibrate(0, { method: 'temperature', scale: 0.5, bias: 0 })).toBeCloseTo(0.5);
    expect(calibrate(3, { method: 'identity', scale: 9, bias: 9 })).toBeCloseTo(sigmoid(3));
  });

  it('is stable for extreme logits and rejects NaN', () => {
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(Number.isFinite(logit(1))).toBe(true);
    expect(() => calibrate(NaN, { method: 'platt', scale: 1, bias: 0 })).toThrow(/non-finite/);
  });
});
