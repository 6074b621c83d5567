import { z } from 'zod';
import { analysisResultSchema } from '../../shared/protocol/analysis';
import { streamIdSchema } from '../../shared/protocol/common';
import {
  callStatusSchema,
  companionTestRequestSchema,
  companionTestResultSchema,
  extAnalyzeFile,
  extAnalyzeProgress,
  extStreamAudio,
  extStreamStart,
  extStreamUpdate,
  siteSchema,
} from '../../shared/protocol/extension';
import { settingsSchema } from '../settings/schema';

/**
 * The one map of extension-internal messages: name → request schema and response schema.
 * Names are stable (the popup and options pages code against them). Who owns (answers)
 * each message is noted; only the owner registers a handler (see messenger.ts).
 */
const none = z.void().or(z.null()).or(z.undefined());
const ok = z.object({ ok: z.boolean(), error: z.string().optional() });
const strip = { v: true, type: true } as const;

/** What the offscreen document tells the background about a stream; forwarded to the tab's overlay. */
export const streamUpdateSchema = extStreamUpdate.omit(strip).extend({
  tabId: z.number().int(),
  site: siteSchema,
  label: z.string().max(200).optional(),
});
export type StreamUpdate = z.infer<typeof streamUpdateSchema>;

export const fileAnalyzeSchema = extAnalyzeFile.omit(strip);
export type FileAnalyzeRequest = z.infer<typeof fileAnalyzeSchema>;
export const fileProgressSchema = extAnalyzeProgress.omit(strip);
export type FileProgress = z.infer<typeof fileProgressSchema>;

/** Readiness of the in-browser engine, reported by the offscreen document. */
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

export const messageMap = {
  /** popup → background: the active (or given) tab's live streams. */
  'call.status': { req: z.object({ tabId: z.number().int().optional() }), res: callStatusSchema },
  /** popup → background → offscreen: analyse a decoded file; progress arrives as `file.progress`. */
  'file.analyze': { req: fileAnalyzeSchema, res: analysisResultSchema },
  /** offscreen → popup (broadcast): progress of a `file.analyze` request. */
  'file.progress': { req: fileProgressSchema, res: none },
  /** options → background → offscreen: try pairing with a companion. */
  'companion.test': { req: companionTestRequestSchema, res: companionTestResultSchema },
  /** content → background: a remote audio stream appeared (background records it, starts the offscreen doc). */
  'stream.start': { req: extStreamStart.omit(strip), res: ok },
  /** content → offscreen: 16 kHz Int16 base64 audio of a stream. */
  'stream.audio': { req: extStreamAudio.omit(strip), res: none },
  /** content → background: the stream ended (track ended or page left). */
  'stream.end': { req: z.object({ streamId: streamIdSchema }), res: none },
  /** content → background: attribution changed (participant name). */
  'stream.label': { req: z.object({ streamId: streamIdSchema, label: z.string().max(200).optional() }), res: none },
  /** offscreen → background, and background → tab (overlay): a stream's state. */
  'stream.update': { req: streamUpdateSchema, res: none },
  /** background → offscreen: start/stop scoring a stream of a tab. */
  'offscreen.stream.start': { req: extStreamStart.omit(strip).extend({ tabId: z.number().int() }), res: ok },
  /** background → offscreen: attribution changed; on per-speaker tracks (Meet) a new person gets a fresh verdict. */
  'offscreen.stream.label': { req: z.object({ tabId: z.number().int(), streamId: streamIdSchema, label: z.string().max(200).optional() }), res: none },
  'offscreen.stream.end': { req: z.object({ tabId: z.number().int(), streamId: streamIdSchema }), res: none },
  /** background → offscreen: forwarded `file.analyze` / `companion.test`. */
  'offscreen.file.analyze': { req: fileAnalyzeSchema, res: analysisResultSchema },
  'offscreen.companion.test': { req: companionTestRequestSchema, res: companionTestResultSchema },
  /** background → offscreen: current settings (offscreen documents have no storage API). */
  'offscreen.settings': { req: settingsSchema, res: none },
  /** offscreen → background: settings on start-up. */
  'settings.get': { req: z.object({}), res: settingsSchema },
  /** any → offscreen: engine readiness (also answered for the popup through call.status.problem). */
  'engine.status': { req: z.object({}), res: engineStatusSchema },
  /** offscreen → background: nothing to do for a while; the background may close the document to free memory. */
  'offscreen.idle': { req: z.object({}), res: none },
  /** offscreen → background: engine readiness changed. */
  'engine.changed': { req: engineStatusSchema, res: none },
} as const;

export type MessageMap = typeof messageMap;
export type MessageName = keyof MessageMap;
export type Req<K extends MessageName> = z.input<MessageMap[K]['req']>;
export type ReqOut<K extends MessageName> = z.output<MessageMap[K]['req']>;
export type Res<K extends MessageName> = z.output<MessageMap[K]['res']>;
