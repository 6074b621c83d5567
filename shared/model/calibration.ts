import type { Calibration } from './sidecar';

/** The model answered NaN or an infinity for a window: no verdict can be given for it. */
export class NonFiniteLogitError extends RangeError {
  override readonly name = 'NonFiniteLogitError';
  constructor(readonly logit: number) {
    super(`model produced a non-finite logit (${logit})`);
  }
}

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Inverse of sigmoid; clamps p away from 0 and 1 so the result is finite. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
}

/** Calibrated P(spoof) from the model's raw logit, as the sidecar prescribes. */
export function calibrate(rawLogit: number, c: Calibration): number {
  if (!Number.isFinite(rawLogit)) throw new NonFiniteLogitError(rawLogit);
  if (c.method === 'identity') return sigmoid(rawLogit);
  return sigmoid(c.scale * rawLogit + c.bias);
}
