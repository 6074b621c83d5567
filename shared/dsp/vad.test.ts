import { describe, expect, it } from 'vitest';
import { EnergyVad, speechFraction, speechFractionSync } from './vad';
import { MODEL_SAMPLE_RATE } from '../model/sample-rate';

function noise(n: number, amp: number, seed = 1): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return amp * (s / 1073741824 - 1);
  });
}

describe('EnergyVad', () => {
  it('calls digital silence non-speech', async () => {
    expect(await speechFraction(new EnergyVad(), new Float32Array(MODEL_SAMPLE_RATE))).toBe(0);
  });

  it('calls a loud voiced burst after a quiet floor speech', async () => {
    const vad = new EnergyVad();
    await speechFraction(vad, noise(MODEL_SAMPLE_RATE, 0.002));
    const voiced = Float32Array.from({ length: MODEL_SAMPLE_RATE }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 200 * i) / MODEL_SAMPLE_RATE));
    expect(await speechFraction(vad, voiced)).toBeGreaterThan(0.9);
  });

  it('adapts to a steady noise floor instead of calling it speech forever', async () => {
    const vad = new EnergyVad();
    const hum = noise(MODEL_SAMPLE_RATE * 5, 0.05);
    const last = hum.subarray(MODEL_SAMPLE_RATE * 4);
    await speechFraction(vad, hum.subarray(0, MODEL_SAMPLE_RATE * 4));
    expect(await speechFraction(vad, last)).toBeLessThan(0.2);
  });

  it('gives the same fraction without awaiting (speechFractionSync)', async () => {
    const x = Float32Array.from({ length: 32000 }, (_, i) => (i % 8000 < 4000 ? 0.3 : 0.001) * Math.sin((2 * Math.PI * 200 * i) / 16000));
    const sync = speechFractionSync(new EnergyVad(), x);
    expect(sync).toBeGreaterThan(0.2);
    expect(sync).toBe(await speechFraction(new EnergyVad(), x));
  });

  it('ignores NaN samples', async () => {
    const x = new Float32Array(480).fill(NaN);
    expect(new EnergyVad().speechProbability(x)).toBe(0);
  });
});
