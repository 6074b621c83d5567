import { z } from 'zod';
import { analysisProgressSchema, analysisResultSchema } from './analysis';
import { presetNameSchema, streamIdSchema, streamStateSchema, versionField } from './common';

/**
 * Runtime messages between extension contexts (content script, background, offscreen
 * document, popup, options). One discriminated union on `type`, validated on receipt:
 * runtime messaging is JSON, so PCM travels as base64 Int16 (see dsp/pcm.ts).
 */
export const SITES = ['meet', 'zoom', 'teams', 'demo'] as const;
export const siteSchema = z.enum(SITES);
export type Site = z.infer<typeof siteSchema>;

export const engineSchema = z.object({
  /** Where the score was computed. */
  kind: z.enum(['browser', 'companion']),
  /** e.g. "onnxruntime-web/wasm×2" or "companion onnxruntime-node/cpu". */
  label: z.string(),
  model: z.string(),
});
export type EngineInfo = z.infer<typeof engineSchema>;

export const extStreamStart = z.object({
  v: versionField,
  type: z.literal('stream.start'),
  streamId: streamIdSchema,
  site: siteSchema,
  /** Participant name or tile label when the site lets us attribute the stream. */
  label: z.string().max(200).optional(),
});

export const extStreamAudio = z.object({
  v: versionField,
  type: z.literal('stream.audio'),
  streamId: streamIdSchema,
  seq: z.number().int().nonnegative(),
  /** base64 Int16 LE, 16 kHz mono, already voice-gated or raw (see `gated`). */
  pcm: z.string(),
  /** Speech probability from the in-page VAD for this chunk, when it ran there. */
  speech: z.number().min(0).max(1).optional(),
});

export const extStreamEnd = z.object({ v: versionField, type: z.literal('stream.end'), streamId: streamIdSchema });

export const extStreamUpdate = z.object({
  v: versionField,
  type: z.literal('stream.update'),
  streamId: streamIdSchema,
  state: streamStateSchema,
  /** Smoothed calibrated P(spoof); null before speech was scored. */
  pSpoof: z.number().min(0).max(1).nullable(),
  /** The latest window's own score, for the details timeline. */
  windowP: z.number().min(0).max(1).nullable(),
  engine: engineSchema,
  /** Bar on pSpoof for "synthetic" at the current evidence (for the details timeline); it falls as evidence grows. */
  threshold: z.number().min(0).max(1).optional(),
  /** Bar on pSpoof for "suspicious" at the current evidence. */
  suspiciousThreshold: z.number().min(0).max(1).optional(),
  /** Seconds of speech the verdict rests on (speech windows × hop, capped by the live rule). */
  evidenceS: z.number().min(0).optional(),
  /** Share of REAL voices (unseen sources, call channel) ever shown this warning state over a 40 s
   *  stretch at the current preset (models/lite.live.json); null for other states or when unmeasured. */
  falseAlarmRate: z.number().min(0).max(1).nullable().optional(),
  t: z.number(),
});

export const extAnalyzeFile = z.object({
  v: versionField,
  type: z.literal('file.analyze'),
  requestId: z.string().max(64),
  name: z.string().max(512),
  /** Decoded mono PCM as base64 Int16 at `sampleRate` (the popup decodes with Web Audio). */
  pcm: z.string(),
  sampleRate: z.number().int().positive(),
  channels: z.number().int().positive(),
  preset: presetNameSchema,
  customThreshold: z.number().min(0).max(1).optional(),
});

export const extAnalyzeProgress = analysisProgressSchema.extend({ requestId: z.string() });
export const extAnalyzeDone = z.object({
  v: versionField,
  type: z.literal('file.result'),
  requestId: z.string(),
  result: analysisResultSchema.nullable(),
  error: z.string().optional(),
});

/** One live stream as the popup shows it (`call.status`). */
export const streamSummarySchema = z.object({
  streamId: streamIdSchema,
  label: z.string().max(200).optional(),
  state: streamStateSchema,
  pSpoof: z.number().min(0).max(1).nullable(),
  /** Engine label, e.g. "onnxruntime-web/wasm×2 · lite" or "companion · large". */
  engine: z.string(),
});
export type StreamSummary = z.infer<typeof streamSummarySchema>;

/** Answer to `call.status` for one tab: the call's site (null when no call) and its streams. */
export const callStatusSchema = z.object({
  site: siteSchema.nullable(),
  tabId: z.number().int().nullable(),
  streams: z.array(streamSummarySchema),
  /** Why live detection cannot run (e.g. "no model"), when it cannot. */
  problem: z.string().optional(),
});
export type CallStatus = z.infer<typeof callStatusSchema>;

/** `companion.test`: can the extension reach and pair with the companion at `url`? */
export const companionTestRequestSchema = z.object({ url: z.string().max(2048), token: z.string().max(256) });
export const companionTestResultSchema = z.object({
  ok: z.boolean(),
  engine: z.string().optional(),
  models: z.array(z.string()).optional(),
  error: z.string().optional(),
});
export type CompanionTestResult = z.infer<typeof companionTestResultSchema>;

export const extensionMessageSchema = z.discriminatedUnion('type', [
  extStreamStart,
  extStreamAudio,
  extStreamEnd,
  extStreamUpdate,
  extAnalyzeFile,
  extAnalyzeDone,
]);
export type ExtensionMessage = z.infer<typeof extensionMessageSchema>;
