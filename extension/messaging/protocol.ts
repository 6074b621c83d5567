import { z } from 'zod';
import { analysisProgressSchema, analysisResultSchema } from '../../shared/protocol/analysis';
import { streamIdSchema, streamStateSchema } from '../../shared/protocol/common';
import { sensitivitySchema } from '../../shared/scoring/presets';
import { settingsSchema } from '../settings/schema';
import { siteSchema } from '../sites/site';

/**
 * The one map of the extension's runtime messages: name → owner, request schema, response
 * schema. Every message travels in an envelope `{ veracall: 1, type, data }` (messenger.ts):
 * a discriminated union on `type` whose `data` is validated against this map on receipt, and
 * whose answer is validated by the sender. Runtime messaging is JSON, so PCM travels as base64
 * Int16 (shared/dsp/pcm.ts).
 *
 * Owners: only the owner registers a handler (webextension-polyfill lets any async listener
 * answer, so a context answers only what it owns). `inference` is the offscreen document on
 * Chrome and the background page on Firefox; a message is addressed to its owner directly,
 * never relayed under a second name. Whoever starts work there first sends `engine.open` to
 * the background, which opens the document (a message to a closed document is lost).
 */
export type Context = 'background' | 'inference' | 'popup' | 'tab';

const none = z.void().or(z.null()).or(z.undefined());
const ok = z.object({ ok: z.boolean(), error: z.string().optional() });
const label = z.string().max(200).optional();

export const engineInfoSchema = z.object({
  /** Where the score was computed. */
  kind: z.enum(['browser', 'companion']),
  /** e.g. "onnxruntime-web/wasm×2" or "companion onnxruntime-node/cpu". */
  label: z.string(),
  model: z.string(),
});
export type EngineInfo = z.infer<typeof engineInfoSchema>;

/** A stream's state, from the inference context (to the background, which sends it on to the tab's overlay). */
export const streamUpdateSchema = z.object({
  streamId: streamIdSchema,
  tabId: z.number().int(),
  site: siteSchema,
  label,
  state: streamStateSchema,
  /** Smoothed calibrated P(spoof); null before speech was scored. */
  pSpoof: z.number().min(0).max(1).nullable(),
  /** The latest window's own score, for the details timeline. */
  windowP: z.number().min(0).max(1).nullable(),
  engine: engineInfoSchema,
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
export type StreamUpdate = z.infer<typeof streamUpdateSchema>;

export const fileAnalyzeSchema = z.object({
  requestId: z.string().max(64),
  name: z.string().max(512),
  /** Decoded mono PCM as base64 Int16 at `sampleRate` (the popup decodes with Web Audio). */
  pcm: z.string(),
  sampleRate: z.number().int().positive(),
  channels: z.number().int().positive(),
  sensitivity: sensitivitySchema,
});
export type FileAnalyzeRequest = z.infer<typeof fileAnalyzeSchema>;

export const fileProgressSchema = analysisProgressSchema.omit({ v: true, type: true }).extend({ requestId: z.string() });
export type FileProgress = z.infer<typeof fileProgressSchema>;

/** One live stream as the popup shows it (`call.status`). */
export const streamSummarySchema = z.object({
  streamId: streamIdSchema,
  label,
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

export const companionTestResultSchema = z.object({
  ok: z.boolean(),
  engine: z.string().optional(),
  models: z.array(z.string()).optional(),
  error: z.string().optional(),
});
export type CompanionTestResult = z.infer<typeof companionTestResultSchema>;

/** Readiness of the in-browser engine, reported by the inference context. */
export const engineStatusSchema = z.object({
  model: z.enum(['loading', 'ready', 'missing', 'error']),
  /** e.g. "onnxruntime-web/wasm×2 · Veracall Lite 1.0"; absent until ready. */
  engine: z.string().optional(),
  vad: z.enum(['silero', 'energy']).optional(),
  /** Short user-facing reason when model is missing or failed. */
  error: z.string().optional(),
  companion: z.enum(['off', 'connecting', 'connected', 'down']).optional(),
  /** While the companion is down: the extension keeps retrying with backoff, next at `nextRetryAt` (ms since epoch). */
  companionRetry: z.object({ attempt: z.number().int(), nextRetryAt: z.number(), reason: z.string() }).optional(),
});
export type EngineStatus = z.infer<typeof engineStatusSchema>;

const msg = <Req extends z.ZodType, Res extends z.ZodType>(owner: Context, req: Req, res: Res) => ({ owner, req, res });
const empty = z.object({});

export const messageMap = {
  /** popup → background: the active (or given) tab's live streams. */
  'call.status': msg('background', z.object({ tabId: z.number().int().optional() }), callStatusSchema),
  /** any → background: open the inference context (Chrome's offscreen document) and answer once it listens. */
  'engine.open': msg('background', empty, none),
  /** inference → background: settings on start-up (offscreen documents have no storage API). */
  'settings.get': msg('background', empty, settingsSchema),
  /** inference → background: nothing to do for a while; the background may close the document to free memory. */
  'engine.idle': msg('background', empty, none),
  /** inference → background: engine readiness changed. */
  'engine.changed': msg('background', engineStatusSchema, none),
  /**
   * inference → background, then background → the stream's tab (its overlay): a stream's state.
   * Content scripts get only `tabs.sendMessage`, so the two owners never race.
   */
  'stream.update': msg('background', streamUpdateSchema, none),

  /** popup → inference: analyse a decoded file; progress arrives as `file.progress`. */
  'file.analyze': msg('inference', fileAnalyzeSchema, analysisResultSchema),
  /** options → inference: can the extension reach and pair with the companion at `url`? */
  'companion.test': msg('inference', z.object({ url: z.string().max(2048), token: z.string().max(256) }), companionTestResultSchema),
  /** any → inference: engine readiness (the popup gets it through call.status.problem). */
  'engine.status': msg('inference', empty, engineStatusSchema),
  /** background → inference: the settings changed. */
  'settings.changed': msg('inference', settingsSchema, none),
  /** tab → inference: a remote audio stream appeared (the background observes it for its call bookkeeping). */
  'stream.start': msg('inference', z.object({ streamId: streamIdSchema, site: siteSchema, label }), ok),
  /** tab → inference: 16 kHz Int16 base64 audio of a stream. */
  'stream.audio': msg('inference', z.object({ streamId: streamIdSchema, seq: z.number().int().nonnegative(), pcm: z.string() }), none),
  /** tab → inference: attribution changed; on per-speaker tracks (Meet) a new person gets a fresh verdict (background observes). */
  'stream.label': msg('inference', z.object({ streamId: streamIdSchema, label }), none),
  /** tab (track ended, page left) or background (tab closed) → inference: the stream ended (background observes). */
  'stream.end': msg('inference', z.object({ streamId: streamIdSchema }), none),

  /** inference → popup (broadcast): progress of a `file.analyze` request. */
  'file.progress': msg('popup', fileProgressSchema, none),
} as const;

export type MessageMap = typeof messageMap;
export type MessageName = keyof MessageMap;
export type Req<K extends MessageName> = z.input<MessageMap[K]['req']>;
export type ReqOut<K extends MessageName> = z.output<MessageMap[K]['req']>;
export type Res<K extends MessageName> = z.output<MessageMap[K]['res']>;

/** Every message as it travels: a discriminated union on `type`. */
export type Envelope = { [K in MessageName]: { veracall: 1; type: K; data: Req<K> } }[MessageName];

/** The message names a context owns (registers handlers for). */
export function ownedBy(context: Context): MessageName[] {
  return (Object.keys(messageMap) as MessageName[]).filter((k) => messageMap[k].owner === context);
}
