import { WS_SAMPLE_RATE } from '../../../shared/index';

/** What a ws frame arrives as (`ws`'s RawData). */
export type RawFrame = Buffer | ArrayBuffer | Buffer[];

/** Before hello, frames are small: a bigger one is refused unread. */
export const MAX_HELLO_BYTES = 4096;
/**
 * Audio bytes a connection may send per stream per second: 16 kHz Int16 as base64 (the
 * larger encoding), at twice real time; bursts of 4 s. Checked on the frame's length before
 * any parsing, so a flood is dropped for the price of a subtraction.
 */
export const AUDIO_BYTES_PER_STREAM_SECOND = Math.ceil(((WS_SAMPLE_RATE * 2 * 4) / 3) * 2);
export const AUDIO_BURST_SECONDS = 4;

/** A client that has not read this much of our output is not keeping up: close it. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Parsed messages waiting for their turn; more are refused as a flood (bounds memory). */
export const MAX_QUEUED_MESSAGES = 256;

/** A frame's length in bytes, without copying it (the flood checks run on this alone). */
export function frameLength(data: RawFrame): number {
  return Buffer.isBuffer(data) ? data.length : Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
}

/** The frame as one Buffer (copies only fragmented frames and ArrayBuffers). */
export function frameBuffer(data: RawFrame): Buffer {
  return Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/** The streamId of a message that failed validation, when it is a plausible one (to address the error). */
export function streamIdOf(json: unknown): string | undefined {
  const id = (json as { streamId?: unknown } | null)?.streamId;
  return typeof id === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(id) ? id : undefined;
}
