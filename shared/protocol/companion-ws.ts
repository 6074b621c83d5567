import { z } from 'zod';
import { PROTOCOL_VERSION, streamIdSchema, versionField } from './common';
import { MODEL_SAMPLE_RATE } from '../model/sample-rate';

/**
 * WebSocket protocol between the extension's offscreen document and the companion
 * (`/v1/stream`). Text frames, one JSON message each, except audio, which travels either
 * as a binary frame (see encodeAudioFrame; preferred when `ready.binaryAudio` is true:
 * no JSON or base64 work on either side) or as the JSON `audio` message with base64 of
 * little-endian Int16 samples at 16 kHz mono. The first client message must be `hello`
 * with the pairing token; the companion windows the audio with its model's window/hop
 * and answers one `score` per window.
 */
export const WS_PATH = '/v1/stream';
export const WS_SAMPLE_RATE = MODEL_SAMPLE_RATE;
/** Largest accepted text frame (about 4 s of audio as base64 Int16, plus envelope). */
export const WS_MAX_FRAME_BYTES = 192 * 1024;

export const clientHelloSchema = z.object({
  v: versionField,
  type: z.literal('hello'),
  token: z.string().min(1).max(256),
  client: z.string().max(128).optional(),
});

export const streamStartSchema = z.object({
  v: versionField,
  type: z.literal('stream.start'),
  streamId: streamIdSchema,
  /** Model name from `ready.models`; the companion's default when absent. */
  model: z.string().max(64).optional(),
  label: z.string().max(128).optional(),
});

export const audioFrameSchema = z.object({
  v: versionField,
  type: z.literal('audio'),
  streamId: streamIdSchema,
  seq: z.number().int().nonnegative(),
  sampleRate: z.number().int().positive(),
  /** base64 of Int16 LE mono samples; even byte count. */
  pcm: z.string().max(WS_MAX_FRAME_BYTES).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'pcm: base64 expected'),
});

export const streamEndSchema = z.object({ v: versionField, type: z.literal('stream.end'), streamId: streamIdSchema });
export const pingSchema = z.object({ v: versionField, type: z.literal('ping'), t: z.number() });

export const clientMessageSchema = z.discriminatedUnion('type', [
  clientHelloSchema,
  streamStartSchema,
  audioFrameSchema,
  streamEndSchema,
  pingSchema,
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const wsModelInfoSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  version: z.string(),
  windowSamples: z.number().int(),
  hopSamples: z.number().int(),
  thresholds: z.object({ sensitive: z.number(), balanced: z.number(), conservative: z.number() }),
});
export type WsModelInfo = z.infer<typeof wsModelInfoSchema>;

export const readySchema = z.object({
  v: versionField,
  type: z.literal('ready'),
  sessionId: z.string(),
  engine: z.string(),
  defaultModel: z.string(),
  models: z.array(wsModelInfoSchema),
  limits: z.object({ maxStreams: z.number().int(), maxFrameBytes: z.number().int(), maxPendingWindows: z.number().int() }),
  /** The companion accepts binary audio frames (encodeAudioFrame); absent from older companions. */
  binaryAudio: z.boolean().optional(),
});

/**
 * Sent for each window the companion's energy voice gate (EnergyVad, MIN_SPEECH_FRACTION)
 * calls speech; windows without speech are not scored and get no message, so `window`
 * indices skip them. `stream.ended.windows` counts all windows, scored or not.
 */
export const scoreSchema = z.object({
  v: versionField,
  type: z.literal('score'),
  streamId: streamIdSchema,
  /** Index of the window in the stream, counting from 0. */
  window: z.number().int().nonnegative(),
  startSample: z.number().int().nonnegative(),
  endSample: z.number().int().nonnegative(),
  logit: z.number(),
  pSpoof: z.number().min(0).max(1),
  model: z.string(),
  engine: z.string(),
  /** From the window's last sample arriving to its score leaving the companion. */
  latencyMs: z.number().nonnegative(),
});

export const droppedSchema = z.object({
  v: versionField,
  type: z.literal('dropped'),
  streamId: streamIdSchema,
  windows: z.number().int().positive(),
  reason: z.enum(['overload']),
});

export const streamEndedSchema = z.object({ v: versionField, type: z.literal('stream.ended'), streamId: streamIdSchema, windows: z.number().int() });
export const pongSchema = z.object({ v: versionField, type: z.literal('pong'), t: z.number() });

export const wsErrorCodeSchema = z.enum([
  'bad-json',
  'bad-message',
  'unauthorized',
  'not-ready',
  'unknown-stream',
  'stream-exists',
  'too-many-streams',
  'unknown-model',
  'bad-sample-rate',
  'bad-audio',
  'frame-too-large',
  'rate-limited',
  'internal',
]);
export type WsErrorCode = z.infer<typeof wsErrorCodeSchema>;

export const wsErrorSchema = z.object({
  v: versionField,
  type: z.literal('error'),
  code: wsErrorCodeSchema,
  message: z.string(),
  streamId: streamIdSchema.optional(),
  /** True when the companion closes the connection after this message. */
  fatal: z.boolean(),
});

export const serverMessageSchema = z.discriminatedUnion('type', [
  readySchema,
  scoreSchema,
  droppedSchema,
  streamEndedSchema,
  pongSchema,
  wsErrorSchema,
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** WebSocket close codes the companion uses (4000–4999 are application-defined). */
export const WS_CLOSE = { unauthorized: 4401, forbiddenOrigin: 4403, protocolError: 4400, overloaded: 4429 } as const;

/**
 * Binary audio frame, byte layout (all little-endian):
 *   [0]           u8  PROTOCOL_VERSION
 *   [1]           u8  BINARY_AUDIO_KIND (1)
 *   [2]           u8  n = streamId length in bytes (1-64, ASCII per streamIdSchema)
 *   [3, 3+n)          streamId
 *   [3+n, 7+n)    u32 seq
 *   [7+n, end)        Int16 PCM, 16 kHz mono (even byte count)
 * Same meaning as the JSON `audio` message with sampleRate 16000.
 */
export const BINARY_AUDIO_KIND = 1;
/** Largest binary frame: the same audio the base64 text frame could carry (≈ 4.6 s). */
export const WS_MAX_BINARY_FRAME_BYTES = Math.floor((WS_MAX_FRAME_BYTES * 3) / 4);

export interface BinaryAudioFrame {
  streamId: string;
  seq: number;
  /** Int16 samples, a copy aligned for Int16Array, shape [n]. */
  pcm: Int16Array;
}

export class AudioFrameError extends Error {
  override name = 'AudioFrameError';
}

const STREAM_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function encodeAudioFrame(streamId: string, seq: number, pcm: Int16Array): Uint8Array {
  if (!STREAM_ID.test(streamId)) throw new AudioFrameError('streamId: 1-64 chars of A-Z a-z 0-9 . _ : -');
  const n = streamId.length;
  const out = new Uint8Array(7 + n + pcm.length * 2);
  const dv = new DataView(out.buffer);
  out[0] = PROTOCOL_VERSION;
  out[1] = BINARY_AUDIO_KIND;
  out[2] = n;
  for (let i = 0; i < n; i++) out[3 + i] = streamId.charCodeAt(i);
  dv.setUint32(3 + n, seq >>> 0, true);
  for (let i = 0; i < pcm.length; i++) dv.setInt16(7 + n + 2 * i, pcm[i]!, true);
  return out;
}

/** Parses a binary frame; throws AudioFrameError with a short reason for anything malformed. */
export function decodeAudioFrame(bytes: Uint8Array): BinaryAudioFrame {
  if (bytes.length < 8) throw new AudioFrameError('binary frame too short');
  if (bytes[0] !== PROTOCOL_VERSION) throw new AudioFrameError(`binary frame version ${bytes[0]}; expected ${PROTOCOL_VERSION}`);
  if (bytes[1] !== BINARY_AUDIO_KIND) throw new AudioFrameError(`unknown binary frame kind ${bytes[1]}`);
  const n = bytes[2]!;
  if (n < 1 || n > 64 || bytes.length < 7 + n) throw new AudioFrameError('bad streamId length');
  let streamId = '';
  for (let i = 0; i < n; i++) streamId += String.fromCharCode(bytes[3 + i]!);
  if (!STREAM_ID.test(streamId)) throw new AudioFrameError('streamId: 1-64 chars of A-Z a-z 0-9 . _ : -');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const seq = dv.getUint32(3 + n, true);
  const body = bytes.length - 7 - n;
  if (body % 2) throw new AudioFrameError('odd PCM byte count');
  const pcm = new Int16Array(body / 2);
  for (let i = 0; i < pcm.length; i++) pcm[i] = dv.getInt16(7 + n + 2 * i, true);
  return { streamId, seq, pcm };
}
