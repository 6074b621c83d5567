import { MODEL_SAMPLE_RATE } from '../shared/model/sample-rate';

/** Parity input of spec "veracall-parity-v1" (models/parity.py is the Python twin). */
export const PARITY_SPEC = 'veracall-parity-v1';

/**
 * The parity input, [batch, W] float32: for each row b a 150+100·b Hz tone with a 3 Hz
 * envelope plus LCG noise (s₀ = 12345 + b, s = (1103515245·s + 12345) mod 2³¹), computed in
 * float64 and cast once. BigInt keeps the LCG exact (the product exceeds 2⁵³).
 */
export function parityInput(window: number, batch = 3): Float32Array {
  const x = new Float32Array(batch * window);
  for (let b = 0; b < batch; b++) {
    let s = BigInt(12345 + b);
    for (let n = 0; n < window; n++) {
      s = (1103515245n * s + 12345n) % 2147483648n;
      const u = (Number(s) / 2147483648) * 2 - 1;
      const tone = 0.5 * Math.sin((2 * Math.PI * (150 + 100 * b) * n) / MODEL_SAMPLE_RATE);
      x[b * window + n] = tone * (0.5 + 0.5 * Math.sin((2 * Math.PI * 3 * n) / MODEL_SAMPLE_RATE)) + 0.05 * u;
    }
  }
  return x;
}

