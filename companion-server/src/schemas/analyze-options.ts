import { z } from 'zod';
import { PRESET_NAMES, safeParseWith, type Sensitivity } from '../../../shared/index';
import { CompanionError } from '../errors';

/** Query string (or multipart fields) of POST /v1/analyze and /v1/analyze/batch. */
export const analyzeOptionsSchema = z
  .object({
    model: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'model: a model name from /v1/models').optional(),
    preset: z.enum([...PRESET_NAMES, 'custom']).default('balanced'),
    threshold: z.coerce.number().gt(0).lt(1).optional(),
    progress: z.enum(['0', '1', 'true', 'false']).optional(),
  })
  .refine((o) => o.preset !== 'custom' || o.threshold !== undefined, {
    message: 'preset=custom needs threshold (between 0 and 1)',
    path: ['threshold'],
  });

export interface AnalyzeOptions {
  model?: string;
  sensitivity: Sensitivity;
  progress: boolean;
}

export function parseAnalyzeOptions(input: unknown): AnalyzeOptions {
  const r = safeParseWith(analyzeOptionsSchema, input);
  if (!r.ok) throw new CompanionError(400, 'bad-options', r.error);
  const o = r.value;
  const sensitivity: Sensitivity = o.preset === 'custom' ? { preset: 'custom', threshold: o.threshold! } : { preset: o.preset };
  return { model: o.model, sensitivity, progress: o.progress === '1' || o.progress === 'true' };
}
