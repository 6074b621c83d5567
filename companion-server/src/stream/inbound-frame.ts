import {
  AudioFrameError,
  clientMessageSchema,
  decodeAudioFrame,
  PcmDecodeError,
  safeParseWith,
  WS_MAX_BINARY_FRAME_BYTES,
  WS_MAX_FRAME_BYTES,
  WS_SAMPLE_RATE,
  type ClientMessage,
  type WsErrorCode,
} from '../../../shared/index';
import { audioEnvelopeSchema } from '../schemas/ws-audio';
import { streamIdOf } from './frame-limits';
import { Base64Error, decodePcmBase64 } from './pcm-base64';

/** Audio as read from a frame: Int16 samples (binary frames) or base64 still to decode (JSON), decoded when its turn comes. */
export interface InboundAudio {
  streamId: string;
  seq: number;
  sampleRate: number;
  /** Samples the frame carries (for drop accounting before it is decoded). */
  samples: number;
  pcm: Int16Array | string;
}

export type InboundFrame =
  | { kind: 'message'; message: ClientMessage }
  | { kind: 'audio'; audio: InboundAudio }
  | { kind: 'error'; code: WsErrorCode; message: string; streamId?: string };

const refuse = (code: WsErrorCode, message: string, streamId?: string): InboundFrame => ({ kind: 'error', code, message, streamId });

/** A text frame: JSON, then the message schema (audio without its base64 regex: see schemas/ws-audio.ts). */
export function parseTextFrame(bytes: Buffer): InboundFrame {
  if (bytes.length > WS_MAX_FRAME_BYTES) return refuse('frame-too-large', `Frames are limited to ${WS_MAX_FRAME_BYTES} bytes.`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return refuse('bad-json', 'The frame is not valid JSON.');
  }
  if ((json as { type?: unknown } | null)?.type === 'audio') {
    const a = safeParseWith(audioEnvelopeSchema, json);
    if (!a.ok) return refuse('bad-message', a.error, streamIdOf(json));
    const { streamId, seq, sampleRate, pcm } = a.value;
    // 4 base64 characters carry 3 bytes; 2 bytes a sample
    return { kind: 'audio', audio: { streamId, seq, sampleRate, samples: Math.floor((pcm.length * 3) / 8), pcm } };
  }
  const parsed = safeParseWith(clientMessageSchema, json);
  return parsed.ok ? { kind: 'message', message: parsed.value } : refuse('bad-message', parsed.error, streamIdOf(json));
}

/** A binary audio frame (shared/protocol/companion-ws.ts): no JSON, no base64. */
export function parseBinaryFrame(bytes: Buffer): InboundFrame {
  if (bytes.length > WS_MAX_BINARY_FRAME_BYTES) return refuse('frame-too-large', `Binary frames are limited to ${WS_MAX_BINARY_FRAME_BYTES} bytes.`);
  try {
    const { streamId, seq, pcm } = decodeAudioFrame(bytes);
    return { kind: 'audio', audio: { streamId, seq, sampleRate: WS_SAMPLE_RATE, samples: pcm.length, pcm } };
  } catch (err) {
    if (!(err instanceof AudioFrameError)) throw err;
    return refuse('bad-message', `binary frame: ${err.message}.`);
  }
}

/** The frame's Int16 samples, decoding base64 now; a refusal for malformed base64. */
export function inboundPcm(a: InboundAudio): Int16Array | Extract<InboundFrame, { kind: 'error' }> {
  if (typeof a.pcm !== 'string') return a.pcm;
  try {
    return decodePcmBase64(a.pcm);
  } catch (err) {
    if (err instanceof Base64Error) return { kind: 'error', code: 'bad-message', message: err.message, streamId: a.streamId };
    if (!(err instanceof PcmDecodeError)) throw err;
    return { kind: 'error', code: 'bad-audio', message: `pcm: ${err.message}.`, streamId: a.streamId };
  }
}
