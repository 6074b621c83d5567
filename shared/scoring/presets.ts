import { logit, sigmoid } from '../model/calibration';
import type { ModelSidecar, PresetName } from '../model/sidecar';
import type { Verdict } from '../protocol/common';

/** The user's sensitivity choice: a named preset from the model's sidecar, or a custom threshold. */
export type Sensitivity = { preset: PresetName } | { preset: 'custom'; threshold: number };

export const DEFAULT_SENSITIVITY: Sensitivity = { preset: 'balanced' };

/**
 * Odds ratio between the "synthetic" threshold and the start of the "suspicious" band below
 * it: a score whose odds are at least a quarter of the threshold's is shown as suspicious.
 * A display band, not a model threshold, so it lives here rather than in the sidecar.
 */
export const SUSPICIOUS_ODDS_FACTOR = 4;

/** A custom threshold outside (0, 1). */
export class InvalidThresholdError extends RangeError {
  override readonly name = 'InvalidThresholdError';
  constructor(readonly threshold: number) {
    super('custom threshold must be between 0 and 1');
  }
}

/** Threshold on calibrated P(spoof) for a sensitivity, read from the model's sidecar. */
export function thresholdFor(sidecar: Pick<ModelSidecar, 'presets'>, s: Sensitivity): number {
  if (s.preset === 'custom') {
    if (!(s.threshold > 0 && s.threshold < 1)) throw new InvalidThresholdError(s.threshold);
    return s.threshold;
  }
  return sidecar.presets[s.preset].threshold;
}

export function suspiciousFloor(threshold: number): number {
  return sigmoid(logit(threshold) - Math.log(SUSPICIOUS_ODDS_FACTOR));
}

/** Verdict of a calibrated score against a threshold. */
export function classify(pSpoof: number, threshold: number): Exclude<Verdict, 'no-speech'> {
  if (pSpoof > threshold) return 'synthetic';
  if (pSpoof >= suspiciousFloor(threshold)) return 'suspicious';
  return 'human';
}
