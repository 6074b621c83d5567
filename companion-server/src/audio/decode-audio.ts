import { setImmediate as yieldToLoop } from 'node:timers/promises';
import decode from 'audio-decode';
import audioType from 'audio-type';
import { Resampler, TARGET_RATE } from '../../../shared/index';

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

export type AudioErrorCode = 'empty-file' | 'unsupported-format' | 'undecodable' | 'audio-too-long' | 'no-audio';

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
  /** Bytes per decoder call; the event loop gets a turn between chunks. */
  chunkBytes?: number;
  onProgress?: (doneBytes: number, totalBytes: number) => void;
}

type StreamDecoder = ((chunk?: Uint8Array) => Promise<{ channelData: Float32Array[]; sampleRate: number }>) & { free(): void };

/**
 * Decodes an uploaded file in chunks, downmixing to mono and resampling to 16 kHz as it
 * goes, so memory follows the 16 kHz mono output (about 230 MB per hour) rather than the
 * decoder's multi-channel native-rate output, and a file longer than `maxSeconds` is
 * rejected as soon as it is known to be.
 */
export async function decodeAudio(bytes: Uint8Array, opts: DecodeOptions): Promise<DecodedAudio> {
  if (bytes.length === 0) throw new AudioDecodeError('empty-file', 'The file is empty.');
  // Copies: audio-type and some decoders read `.buffer` from offset 0, which is wrong for
  // views into Node's shared Buffer pool.
  const format = audioType(new Uint8Array(bytes.subarray(0, 64 * 1024)));
  if (!format || !(format in SUPPORTED_FORMATS)) {
    throw new AudioDecodeError('unsupported-format', `Unrecognised or unsupported audio format${format ? ` (${format})` : ''}; supported: ${SUPPORTED_LIST}.`);
  }
  const factory = (decode as unknown as Record<string, () => Promise<StreamDecoder>>)[format]!;
  const dec = await factory();
  const sink = new MonoSink(opts.maxSeconds);
  const step = opts.chunkBytes ?? 256 * 1024;
  try {
    for (let i = 0; i < bytes.length; i += step) {
      sink.add(await dec(new Uint8Array(bytes.subarray(i, i + step))));
      opts.onProgress?.(Math.min(bytes.length, i + step), bytes.length);
      await yieldToLoop();
    }
    sink.add(await dec());
  } catch (err) {
    dec.free();
    if (err instanceof AudioDecodeError) throw err;
    throw new AudioDecodeError('undecodable', `The ${SUPPORTED_FORMATS[format]} file could not be decoded; it may be corrupt or truncated.`);
  }
  return { ...sink.finish(format), nonFinite: sink.nonFinite };
}

class MonoSink {
  private resampler?: Resampler;
  private rate = 0;
  private channels = 0;
  private inputSamples = 0;
  private parts: Float32Array[] = [];
  nonFinite = 0;

  constructor(private readonly maxSeconds: number) {}

  add(block: { channelData: Float32Array[]; sampleRate: number }): void {
    const ch = block.channelData;
    if (!ch.length || !ch[0]!.length) return;
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
