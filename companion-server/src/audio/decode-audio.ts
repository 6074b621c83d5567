import { setImmediate as yieldToLoop } from 'node:timers/promises';
import decode from 'audio-decode';
import audioType from 'audio-type';
import { Resampler, TARGET_RATE } from '../../../shared/index';
import { readDeclaredAudio } from './audio-header';
import { moovFirst } from './mp4-faststart';

/** Containers accepted for upload; all decode in-process (wasm/JS), no ffmpeg. */
export const SUPPORTED_FORMATS: Record<string, string> = {
  wav: 'WAV',
  mp3: 'MP3',
  flac: 'FLAC',
  oga: 'Ogg Vorbis',
  opus: 'Ogg Opus',
  m4a: 'MP4/M4A (AAC)',
  aac: 'AAC',
  webm: 'WebM',
  mkv: 'Matroska',
  mov: 'QuickTime',
};
export const SUPPORTED_LIST = 'wav, mp3, flac, ogg/opus, m4a/aac, webm, mp4';

export type AudioErrorCode = 'empty-file' | 'unsupported-format' | 'undecodable' | 'audio-too-long' | 'audio-too-large' | 'no-audio' | 'cancelled' | 'decode-timeout';

/** Highest sample rate and channel count accepted (a header past them is refused unread). */
export const MAX_SAMPLE_RATE = 384_000;
export const MAX_CHANNELS = 8;
/**
 * Decoded samples (all channels) allowed per second of the duration limit: 48 kHz stereo
 * for the whole `maxSeconds`. Bounds CPU time for files whose few bytes decode to a flood
 * of high-rate, many-channel samples.
 */
export const SAMPLES_PER_ALLOWED_SECOND = 96_000;
/** Decoder output aimed at per call (samples × channels, ≈ 8 MB as Float32). */
const TARGET_OUTPUT_PER_CALL = 2_000_000;
const MIN_CHUNK = 512;
const MAX_CHUNK = 256 * 1024;
/** Progress is reported at most once per this many input bytes (and at the end). */
const PROGRESS_STEP = 256 * 1024;

export class AudioDecodeError extends Error {
  override name = 'AudioDecodeError';
  constructor(readonly code: AudioErrorCode, message: string) {
    super(message);
  }
}

export interface DecodedAudio {
  /** Mono samples at 16 kHz. */
  samples: Float32Array;
  sampleRate: typeof TARGET_RATE;
  source: { sampleRate: number; channels: number; format: string };
  /** NaN or infinite samples the decoder produced (replaced by 0 before resampling). */
  nonFinite: number;
}

export interface DecodeOptions {
  maxSeconds: number;
  /** Decoded samples × channels allowed; default maxSeconds × SAMPLES_PER_ALLOWED_SECOND. */
  maxDecodedSamples?: number;
  /** Fixed bytes per decoder call (tests); otherwise adaptive, starting at 512 bytes. */
  chunkBytes?: number;
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  /** Stops decoding between chunks (the client went away). */
  signal?: AbortSignal;
}

type StreamDecoder = ((chunk?: Uint8Array) => Promise<{ channelData: Float32Array[]; sampleRate: number }>) & { free(): void };

/**
 * Decodes an uploaded file in chunks, downmixing to mono and resampling to 16 kHz as it
 * goes, so memory follows the 16 kHz mono output (about 230 MB per hour) rather than the
 * decoder's multi-channel native-rate output, and a file longer than `maxSeconds` is
 * rejected as soon as it is known to be.
 *
 * Against decompression bombs: the header's rate, channels and length are checked before
 * decoding; chunks start at 512 bytes and grow only while each call's output stays near
 * TARGET_OUTPUT_PER_CALL (silence in FLAC is ~6,000 samples per byte); and the decoded
 * samples × channels are checked against the budget after every call.
 */
export async function decodeAudio(bytes: Uint8Array, opts: DecodeOptions): Promise<DecodedAudio> {
  if (bytes.length === 0) throw new AudioDecodeError('empty-file', 'The file is empty.');
  // Copies: audio-type and some decoders read `.buffer` from offset 0, which is wrong for
  // views into Node's shared Buffer pool.
  const format = audioType(new Uint8Array(bytes.subarray(0, 64 * 1024)));
  if (!format || !(format in SUPPORTED_FORMATS)) {
    throw new AudioDecodeError('unsupported-format', `Unrecognised or unsupported audio format${format ? ` (${format})` : ''}; supported: ${SUPPORTED_LIST}.`);
  }
  const budget = opts.maxDecodedSamples ?? opts.maxSeconds * SAMPLES_PER_ALLOWED_SECOND;
  checkDeclared(bytes, format, opts.maxSeconds, budget);
  if (format === 'm4a' || format === 'mov') bytes = moovFirst(bytes); // decoded as it is read, not in one call
  const factory = (decode as unknown as Record<string, () => Promise<StreamDecoder>>)[format]!;
  const dec = await factory();
  const sink = new MonoSink(opts.maxSeconds, budget);
  let step = opts.chunkBytes ?? MIN_CHUNK;
  let reported = 0;
  try {
    for (let i = 0; i < bytes.length; ) {
      if (opts.signal?.aborted) throw new AudioDecodeError('cancelled', 'The analysis was cancelled.');
      const chunk = bytes.subarray(i, i + step);
      const produced = sink.add(await dec(new Uint8Array(chunk)));
      i += chunk.length;
      if (!opts.chunkBytes) {
        // Aim the next call's output at the target from this call's bytes-to-samples ratio.
        const perByte = produced / chunk.length;
        step = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, perByte > 0 ? Math.floor(TARGET_OUTPUT_PER_CALL / perByte) : step * 2));
      }
      if (i === bytes.length || i - reported >= PROGRESS_STEP) {
        reported = i;
        opts.onProgress?.(i, bytes.length);
      }
      await yieldToLoop();
    }
    sink.add(await dec());
  } catch (err) {
    if (err instanceof AudioDecodeError) throw err;
    throw new AudioDecodeError('undecodable', `The ${SUPPORTED_FORMATS[format]} file could not be decoded; it may be corrupt or truncated.`);
  } finally {
    dec.free();
  }
  return { ...sink.finish(format), nonFinite: sink.nonFinite };
}

/** Refuses, from the header alone, files whose declared format or size is absurd or over the limits. */
function checkDeclared(bytes: Uint8Array, format: string, maxSeconds: number, budget: number): void {
  const d = readDeclaredAudio(bytes, format);
  if (!d) return;
  if (d.codec && d.codec !== 'mp4a') {
    throw new AudioDecodeError('unsupported-format', `The ${d.codec} codec inside an MP4/M4A file is not supported; supported: ${SUPPORTED_LIST}.`);
  }
  if (!(d.sampleRate >= 1000 && d.sampleRate <= MAX_SAMPLE_RATE) || !(d.channels >= 1 && d.channels <= MAX_CHANNELS)) {
    throw new AudioDecodeError('undecodable', `The file declares ${d.sampleRate} Hz × ${d.channels} channels; at most ${MAX_SAMPLE_RATE} Hz and ${MAX_CHANNELS} channels are accepted.`);
  }
  if (d.frames === undefined) return;
  if (d.frames > maxSeconds * d.sampleRate) {
    throw new AudioDecodeError('audio-too-long', `The audio is longer than the ${maxSeconds} s limit.`);
  }
  if (d.frames * d.channels > budget) throw tooLarge(maxSeconds);
}

const tooLarge = (maxSeconds: number) =>
  new AudioDecodeError(
    'audio-too-large',
    `The decoded audio would be too large (more samples than ${maxSeconds} s of 48 kHz stereo); convert it to a lower sample rate or fewer channels.`,
  );

class MonoSink {
  private resampler?: Resampler;
  private rate = 0;
  private channels = 0;
  private inputSamples = 0;
  private parts: Float32Array[] = [];
  nonFinite = 0;

  private decoded = 0;

  constructor(
    private readonly maxSeconds: number,
    private readonly budget: number,
  ) {}

  /** Adds one decoder call's output; returns its samples × channels. */
  add(block: { channelData: Float32Array[]; sampleRate: number }): number {
    const ch = block.channelData;
    if (!ch.length || !ch[0]!.length) return 0;
    this.decoded += ch.length * ch[0]!.length;
    if (this.decoded > this.budget) throw tooLarge(this.maxSeconds);
    if (ch.length > MAX_CHANNELS || block.sampleRate > MAX_SAMPLE_RATE) {
      throw new AudioDecodeError('undecodable', `The file decodes to ${block.sampleRate} Hz × ${ch.length} channels; at most ${MAX_SAMPLE_RATE} Hz and ${MAX_CHANNELS} channels are accepted.`);
    }
    if (!this.rate) {
      this.rate = block.sampleRate;
      this.channels = ch.length;
      if (this.rate !== TARGET_RATE) this.resampler = new Resampler(this.rate, TARGET_RATE);
    } else if (block.sampleRate !== this.rate) {
      throw new AudioDecodeError('undecodable', 'The sample rate changes within the file; not supported.');
    }
    const n = ch[0]!.length;
    this.inputSamples += n;
    if (this.inputSamples > this.maxSeconds * this.rate) {
      throw new AudioDecodeError('audio-too-long', `The audio is longer than the ${this.maxSeconds} s limit.`);
    }
    // mono: mean of the channels, shape [n]
    const mono = new Float32Array(n);
    for (const c of ch) for (let i = 0; i < n; i++) mono[i]! += c[i]! / ch.length;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(mono[i]!)) {
        mono[i] = 0;
        this.nonFinite++;
      }
    }
    this.parts.push(this.resampler ? this.resampler.push(mono) : mono);
    return n * ch.length;
  }

  finish(format: string): Omit<DecodedAudio, 'nonFinite'> {
    if (!this.rate || this.inputSamples === 0) throw new AudioDecodeError('no-audio', 'The file holds no audio samples.');
    let delay = 0;
    let len = this.inputSamples;
    if (this.resampler) {
      this.parts.push(this.resampler.flush());
      // Drop the filter's group delay so the output is time-aligned, as `resample` does.
      delay = Math.round(this.resampler.delay);
      len = Math.round((this.inputSamples * TARGET_RATE) / this.rate);
    }
    const samples = new Float32Array(len);
    let skip = delay;
    let o = 0;
    for (const p of this.parts) {
      const from = Math.min(skip, p.length);
      skip -= from;
      const take = Math.min(p.length - from, len - o);
      samples.set(p.subarray(from, from + take), o);
      o += take;
      if (o >= len) break;
    }
    this.parts = [];
    return { samples, sampleRate: TARGET_RATE, source: { sampleRate: this.rate, channels: this.channels, format } };
  }
}
