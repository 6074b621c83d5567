import { z } from 'zod';
import { sensitivityNameSchema } from '../scoring/presets';
import { modelRefSchema, verdictSchema, versionField } from './common';

/** One scored window of a file, in seconds from the start of the file. */
export const timelinePointSchema = z.object({
  startS: z.number().nonnegative(),
  endS: z.number().nonnegative(),
  /** Calibrated P(spoof), or null where the window held no speech and was not scored. */
  pSpoof: z.number().min(0).max(1).nullable(),
  speech: z.boolean(),
});
export type TimelinePoint = z.infer<typeof timelinePointSchema>;

/** The result of analysing one file: REST `/v1/analyze`, the CLI and the popup all use it. */
export const analysisResultSchema = z.object({
  v: versionField,
  file: z.string().optional(),
  verdict: verdictSchema,
  /** Calibrated P(spoof) of the whole file, or null when no speech was found. */
  pSpoof: z.number().min(0).max(1).nullable(),
  preset: sensitivityNameSchema,
  threshold: z.number().min(0).max(1),
  model: modelRefSchema,
  engine: z.string(),
  durationS: z.number().nonnegative(),
  speechS: z.number().nonnegative(),
  /** The file's own sample rate and channel count before conversion to 16 kHz mono. */
  source: z.object({ sampleRate: z.number().int().positive(), channels: z.number().int().positive(), format: z.string().optional() }),
  stats: z.object({ rmsDbfs: z.number(), peak: z.number(), clippedFraction: z.number(), nonFinite: z.number().int() }),
  timeline: z.array(timelinePointSchema),
  /** Short sentences saying what drove the verdict. */
  explanation: z.array(z.string()),
  elapsedMs: z.number().nonnegative(),
});
export type AnalysisResult = z.infer<typeof analysisResultSchema>;

/** Progress of a long analysis (NDJSON lines from REST with `?progress=1`, runtime messages in the extension). */
export const analysisProgressSchema = z.object({
  v: versionField,
  type: z.literal('progress'),
  stage: z.enum(['decoding', 'scoring']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type AnalysisProgress = z.infer<typeof analysisProgressSchema>;

export const analysisEventSchema = z.discriminatedUnion('type', [
  analysisProgressSchema,
  z.object({ v: versionField, type: z.literal('result'), result: analysisResultSchema }),
  z.object({ v: versionField, type: z.literal('error'), error: z.string() }),
]);
export type AnalysisEvent = z.infer<typeof analysisEventSchema>;

export const batchResultSchema = z.object({
  v: versionField,
  results: z.array(
    z.union([
      z.object({ ok: z.literal(true), result: analysisResultSchema }),
      z.object({ ok: z.literal(false), file: z.string(), error: z.string() }),
    ]),
  ),
});
export type BatchResult = z.infer<typeof batchResultSchema>;
