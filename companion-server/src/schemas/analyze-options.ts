import { z } from 'zod';
import { safeParseWith, sensitivityParamsSchema, type Sensitivity } from '../../../shared/index';
import { CompanionError } from '../errors';

/**
 * Query string (or multipart fields) of POST /v1/analyze and /v1/analyze/batch; `preset` and
 * `threshold` are the shared flat form of a sensitivity (shared/scoring/presets.ts), as are the CLI's flags.
 */
export const analyzeOptionsSchema = z
  .object({
    model: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'model: a model name from /v1/models').optional(),
    progress: z.enum(['0', '1', 'true', 'false']).optional(),
  })
  .and(sensitivityParamsSchema.transform((sensitivity) => ({ sensitivity })));

export interface AnalyzeOptions {
  model?: string;
  sensitivity: Sensitivity;
  progress: boolean;
}

export function parseAnalyzeOptions(input: unknown): AnalyzeOptions {
  const r = safeParseWith(analyzeOptionsSchema, input);
  if (!r.ok) throw new CompanionError(400, 'bad-options', r.error);
  const { model, sensitivity, progress } = r.value;
  return { model, sensitivity, progress: progress === '1' || progress === 'true' };
}
