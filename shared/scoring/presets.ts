import { z } from 'zod';
import { logit, sigmoid } from '../model/calibration';
import type { ModelSidecar } from '../model/sidecar';
import type { Verdict } from '../protocol/common';

/**
 * The one place for sensitivity: the model's preset names (every sidecar has a threshold for
 * each), the user's choice (a preset or a custom threshold) and its flat form for REST fields
 * and CLI flags. Extension settings, messages, the companion's query schema and the CLI use these.
 */
export const PRESET_NAMES = ['sensitive', 'balanced', 'conservative'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];
export const DEFAULT_PRESET = 'balanced' satisfies PresetName;

/** What a user can choose: a model preset, or `custom` with their own threshold. */
export const SENSITIVITY_NAMES = [...PRESET_NAMES, 'custom'] as const;
export const sensitivityNameSchema = z.enum(SENSITIVITY_NAMES);
export type SensitivityName = z.infer<typeof sensitivityNameSchema>;

/** The user's sensitivity choice: a named preset from the model's sidecar, or a custom threshold on calibrated P(spoof). */
export const sensitivitySchema = z.discriminatedUnion('preset', [
  z.object({ preset: z.enum(PRESET_NAMES) }),
  z.object({ preset: z.literal('custom'), threshold: z.number().gt(0).lt(1) }),
]);
export type Sensitivity = z.infer<typeof sensitivitySchema>;

export const DEFAULT_SENSITIVITY: Sensitivity = { preset: DEFAULT_PRESET };

/** Flat form (REST query or form fields, CLI flags): `preset=NAME`, and `threshold=P` for custom. */
export const sensitivityParamsSchema = z
  .object({
    preset: sensitivityNameSchema.default(DEFAULT_PRESET),
    threshold: z.coerce.number().gt(0).lt(1).optional(),
  })
  .refine((o) => o.preset !== 'custom' || o.threshold !== undefined, {
    message: 'preset=custom needs threshold (between 0 and 1)',
    path: ['threshold'],
  })
  .transform((o): Sensitivity => (o.preset === 'custom' ? { preset: 'custom', threshold: o.threshold! } : { preset: o.preset }));

/** The flat form of a sensitivity, e.g. for the companion's `/v1/analyze` query. */
export function sensitivityParams(s: Sensitivity): Record<string, string> {
  return s.preset === 'custom' ? { preset: s.preset, threshold: String(s.threshold) } : { preset: s.preset };
}

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
