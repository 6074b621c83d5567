import { mp4aOutput, sampleCount, trakAround } from './mp4-output';

/**
 * What a file's header declares, read before any decoding, so that absurd files (a FLAC of
 * 120 s of 384 kHz 7.1 silence is 57 KB and decodes to 1.4 GB) are refused before the
 * decoder allocates anything. WAV and FLAC, the lossless formats whose decoders turn a few
 * bytes into the most samples, and MP4/M4A, whose decoder may decode a whole track at once.
 */
export interface DeclaredAudio {
  /** The codec inside a container, where it matters (MP4). */
  codec?: string;
  sampleRate: number;
  channels: number;
  /** Sample frames (per channel), when the header says. */
  frames?: number;
}

/** `undefined` when the header cannot be read (the decoder then decides; the output budget still applies). */
export function readDeclaredAudio(bytes: Uint8Array, format: string): DeclaredAudio | undefined {
  if (format === 'flac') return flacStreamInfo(bytes);
  if (format === 'wav') return wavFormat(bytes);
  if (format === 'm4a' || format === 'mov' || format === 'aac') return mp4Audio(bytes);
  return undefined;
}

/**
 * MP4/M4A: the audio sample entry (codec, channels, rate) and the decoder's output bound.
 * When the index (moov) follows the audio, the MP4 decoder decodes the whole track in the
 * one call that completes the index, so this header is the only check that can come before
 * its memory is spent. The track duration (mdhd) is a claim a file can make small; what the
 * decoder produces follows the sample table: samples (stsz) × the most output per sample
 * (mp4-output.ts). The larger of the two is declared. A codec other than AAC (ALAC, for one)
 * is reported as `codec` so that the caller refuses it.
 */
function mp4Audio(b: Uint8Array): (DeclaredAudio & { codec?: string }) | undefined {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let entry: { codec: string; channels: number; sampleRate: number; at: number } | undefined;
  for (let i = buf.indexOf('stsd'); i >= 4 && !entry; i = buf.indexOf('stsd', i + 4)) {
    const e = i + 12; // past 'stsd', version/flags, entry count
    if (e + 36 > buf.length) break;
    const codec = buf.toString('latin1', e + 4, e + 8);
    if (['mp4a', 'alac', 'fLaC', 'Opus', 'ac-3', 'ec-3', 'lpcm', 'sowt', 'twos', 'ipcm', 'fpcm'].includes(codec)) {
      entry = { codec, channels: buf.readUInt16BE(e + 24), sampleRate: buf.readUInt16BE(e + 32), at: e };
    }
  }
  if (!entry) return undefined;
  // the audio track's duration (a video track's may differ)
  const trak = trakAround(buf, entry.at);
  let seconds = 0;
  for (let i = buf.indexOf('mdhd', trak.start); i >= 4 && i < trak.end; i = buf.indexOf('mdhd', i + 4)) {
    const v = buf[i + 4];
    if (v === 0 && i + 24 <= buf.length) seconds = Math.max(seconds, buf.readUInt32BE(i + 20) / Math.max(1, buf.readUInt32BE(i + 16)));
    else if (v === 1 && i + 36 <= buf.length) seconds = Math.max(seconds, Number(buf.readBigUInt64BE(i + 28)) / Math.max(1, buf.readUInt32BE(i + 24)));
  }
  if (entry.codec !== 'mp4a') return { codec: entry.codec, channels: entry.channels, sampleRate: entry.sampleRate };
  const out = mp4aOutput(buf, entry.at, entry.channels, entry.sampleRate);
  const fromTable = sampleCount(buf, entry.at) * out.framesPerSample;
  const frames = Math.max(Math.ceil(seconds * out.sampleRate), fromTable);
  return { codec: entry.codec, channels: out.channels, sampleRate: out.sampleRate, frames: frames || undefined };
}

function flacStreamInfo(b: Uint8Array): DeclaredAudio | undefined {
  // "fLaC", then metadata blocks; STREAMINFO (type 0) comes first, 34 bytes after a 4-byte block header.
  let o = 0;
  if (b[0] === 0x49 && b[1] === 0x44 && b[2] === 0x33 && b.length >= 10) {
    o = 10 + (((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f)); // skip an ID3v2 tag
  }
  if (b.length < o + 8 + 34 || String.fromCharCode(b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!) !== 'fLaC') return undefined;
  if ((b[o + 4]! & 0x7f) !== 0) return undefined;
  const s = o + 8;
  const sampleRate = (b[s + 10]! << 12) | (b[s + 11]! << 4) | (b[s + 12]! >> 4);
  const channels = ((b[s + 12]! >> 1) & 0x07) + 1;
  const frames = (b[s + 13]! & 0x0f) * 2 ** 32 + ((b[s + 14]! << 24) >>> 0) + (b[s + 15]! << 16) + (b[s + 16]! << 8) + b[s + 17]!;
  return { sampleRate, channels, frames: frames || undefined };
}

function wavFormat(b: Uint8Array): DeclaredAudio | undefined {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const tag = (o: number) => String.fromCharCode(b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!);
  if (b.length < 12 || (tag(0) !== 'RIFF' && tag(0) !== 'RF64') || tag(8) !== 'WAVE') return undefined;
  let o = 12;
  let fmt: { channels: number; sampleRate: number; blockAlign: number } | undefined;
  for (let i = 0; i < 64 && o + 8 <= b.length; i++) {
    const size = dv.getUint32(o + 4, true);
    if (tag(o) === 'fmt ' && o + 24 <= b.length) {
      fmt = { channels: dv.getUint16(o + 10, true), sampleRate: dv.getUint32(o + 12, true), blockAlign: dv.getUint16(o + 20, true) };
    } else if (tag(o) === 'data' && fmt) {
      // A streamed WAV declares 0 or 0xFFFFFFFF; the bytes present bound it anyway.
      const dataBytes = size === 0 || size === 0xffffffff ? b.length - o - 8 : Math.min(size, b.length - o - 8);
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, frames: fmt.blockAlign ? Math.floor(dataBytes / fmt.blockAlign) : undefined };
    }
    o += 8 + size + (size & 1);
  }
  return fmt ? { sampleRate: fmt.sampleRate, channels: fmt.channels } : undefined;
}
