import { floatToInt16 } from '../../shared/dsp/pcm';
import { MODEL_SAMPLE_RATE } from '../../shared/model/sample-rate';

/** Files bigger than this are refused before reading: decoding holds them whole in memory. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
/** Longer audio is refused: its PCM would exceed what one runtime message can carry. */
export const MAX_DURATION_S = 15 * 60;
/**
 * Web Audio resamples while decoding. 16 kHz keeps the message small and is the rate the
 * detectors work at; the background still resamples to the model sidecar's rate if it differs.
 */
export const DECODE_SAMPLE_RATE = MODEL_SAMPLE_RATE;

export class FileDecodeError extends Error {
  override name = 'FileDecodeError';
}

export interface DecodedAudio {
  /** Mono PCM in [-1, 1] at `sampleRate`. */
  samples: Float32Array;
  sampleRate: number;
  /** Channel count of the file before the downmix. */
  channels: number;
  durationS: number;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** Refuses files that cannot be analysed, with a message a user can act on. */
export function checkFile(file: { name: string; size: number; type: string }): void {
  if (file.size === 0) throw new FileDecodeError(`“${file.name}” is empty.`);
  if (file.size > MAX_FILE_BYTES) {
    throw new FileDecodeError(`“${file.name}” is ${formatBytes(file.size)}; the limit is ${formatBytes(MAX_FILE_BYTES)}. Trim it or analyse a shorter excerpt.`);
  }
  if (file.type && !/^(audio|video)\//.test(file.type) && file.type !== 'application/ogg') {
    throw new FileDecodeError(`“${file.name}” is not an audio or video file (${file.type}).`);
  }
}

/** Averages channels into one; all channels have the same length (Web Audio guarantees it). */
export function downmix(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 0) return new Float32Array(0);
  if (channels.length === 1) return channels[0]!;
  const n = channels[0]!.length;
  const out = new Float32Array(n); // [n] mono
  for (const ch of channels) for (let i = 0; i < n; i++) out[i]! += ch[i]!;
  const k = 1 / channels.length;
  for (let i = 0; i < n; i++) out[i]! *= k;
  return out;
}

export function checkDecoded(a: { durationS: number; samples: number }, name: string): void {
  if (a.samples === 0 || a.durationS === 0) throw new FileDecodeError(`“${name}” holds no audio.`);
  if (a.durationS > MAX_DURATION_S) {
    throw new FileDecodeError(`“${name}” lasts ${Math.round(a.durationS / 60)} min; the limit is ${MAX_DURATION_S / 60} min. Analyse a shorter excerpt.`);
  }
}

/**
 * base64 of bytes through the built-in btoa, in chunks whose length is a multiple of 3 so no
 * padding lands mid-string. Same output as shared bytesToBase64, about 3× faster on a
 * 15-minute file, which the user waits for.
 */
export function fastBase64(bytes: Uint8Array): string {
  const CHUNK = 3 * 8192;
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(btoa(String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[])));
  }
  return parts.join('');
}

/** base64 Int16 little-endian, as `file.analyze` carries PCM (runtime messaging is JSON). */
export function encodePcm(samples: Float32Array): string {
  const i16 = floatToInt16(samples); // [n] Int16, little-endian on every platform browsers run on
  return fastBase64(new Uint8Array(i16.buffer, i16.byteOffset, i16.byteLength));
}

/** Decodes an audio or video file in the page with Web Audio, downmixed to mono. */
export async function decodeFile(file: File, sampleRate = DECODE_SAMPLE_RATE): Promise<DecodedAudio> {
  checkFile(file);
  const bytes = await file.arrayBuffer();
  // The length of an OfflineAudioContext does not matter for decodeAudioData; only its rate.
  const ctx = new OfflineAudioContext(1, 1, sampleRate);
  let buf: AudioBuffer;
  try {
    buf = await ctx.decodeAudioData(bytes);
  } catch {
    throw new FileDecodeError(`Could not decode “${file.name}”: the browser does not recognise its audio. Try WAV, MP3, OGG, FLAC, M4A, MP4 or WebM.`);
  }
  checkDecoded({ durationS: buf.duration, samples: buf.length }, file.name);
  const channels = Array.from({ length: buf.numberOfChannels }, (_, c) => buf.getChannelData(c));
  return { samples: downmix(channels), sampleRate: buf.sampleRate, channels: buf.numberOfChannels, durationS: buf.duration };
}
