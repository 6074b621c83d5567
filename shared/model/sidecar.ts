import { z } from 'zod';
import { MODEL_SAMPLE_RATE } from './sample-rate';

/**
 * The JSON sidecar that sits beside every `.onnx` model in `models/`.
 * It is the single place where sample rate, window, tensor names, calibration and
 * the sensitivity presets' thresholds live; nothing else in the code hard-codes them.
 */

const tensorSpec = z.object({
  name: z.string().min(1),
  dtype: z.literal('float32'),
  shape: z.array(z.union([z.string(), z.number().int().positive()])).min(1),
  description: z.string(),
});

const probability = z.number().min(0).max(1);

export const calibrationSchema = z.object({
  /** P(spoof) = 1 / (1 + exp(-(scale * logit + bias))). Temperature scaling is bias = 0. */
  method: z.enum(['platt', 'temperature', 'identity']),
  scale: z.number().finite(),
  bias: z.number().finite(),
  fittedOn: z.string().optional(),
});
export type Calibration = z.infer<typeof calibrationSchema>;

export const presetSchema = z.object({
  /** Threshold on calibrated P(spoof); a window scoring above it counts as synthetic
   *  (strictly above, as the held-out false-positive rates were measured). */
  threshold: probability,
  /** False-positive rate on held-out bona fide speech the threshold was chosen for. */
  targetFpr: probability.optional(),
});

export const sidecarSchema = z
  .object({
    schemaVersion: z.literal(1),
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'model name: lower-case letters, digits, . _ -'),
    displayName: z.string().min(1),
    version: z.string().min(1),
    file: z.string().regex(/^[^/\\]+\.onnx$/, 'file: a bare .onnx file name beside the sidecar'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    /** True only for the tiny graphs the test suite generates; never offered as a detector. */
    testFixture: z.boolean().default(false),
    sampleRate: z.literal(MODEL_SAMPLE_RATE),
    windowSamples: z.number().int().min(MODEL_SAMPLE_RATE / 10).max(MODEL_SAMPLE_RATE * 30),
    hopSamples: z.number().int().positive(),
    input: tensorSpec,
    output: tensorSpec,
    calibration: calibrationSchema,
    presets: z.object({
      sensitive: presetSchema,
      balanced: presetSchema,
      conservative: presetSchema,
    }),
    parameters: z.number().int().nonnegative().optional(),
    opset: z.number().int().positive().optional(),
    metrics: z.record(z.string(), z.unknown()).optional(),
    training: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((s) => s.hopSamples <= s.windowSamples, { message: 'hopSamples must not exceed windowSamples' })
  .refine(
    (s) =>
      s.presets.sensitive.threshold <= s.presets.balanced.threshold &&
      s.presets.balanced.threshold <= s.presets.conservative.threshold,
    { message: 'preset thresholds must rise from sensitive to balanced to conservative' },
  );

export type ModelSidecar = z.infer<typeof sidecarSchema>;

export class SidecarError extends Error {
  override name = 'SidecarError';
}

/** Validates a parsed sidecar (`unknown` until proven otherwise). */
export function parseSidecar(json: unknown, source = 'sidecar'): ModelSidecar {
  const r = sidecarSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    const at = first?.path.length ? ` at ${first.path.join('.')}` : '';
    throw new SidecarError(`${source}: invalid model sidecar${at}: ${first?.message ?? 'unknown error'}`);
  }
  return r.data;
}

/** Seconds of audio one window covers. */
export function windowSeconds(s: ModelSidecar): number {
  return s.windowSamples / s.sampleRate;
}
