/**
 * A corpus of hostile audio made at test time (nothing stored): decompression bombs in
 * each lossless format ffmpeg writes here, headers that lie, truncated and mislabelled
 * files, odd rates and channel counts. Used by the decoder and upload abuse tests.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWav, FFMPEG, speechLike } from './audio';
import { MODEL_SAMPLE_RATE } from '../../../shared/model/sample-rate';

export interface HostileFile {
  name: string;
  bytes: Buffer;
}

/** 120 s of 384 kHz 7.1 silence (the bomb) in each lossless format ffmpeg can write. */
export function ffmpegBombs(dir: string, seconds = 120, only?: string[]): HostileFile[] {
  if (!FFMPEG) return [];
  const out: HostileFile[] = [];
  const targets: [string, string, string[]][] = [
    ['flac', 'flac', ['-c:a', 'flac']],
    ['wavpack', 'wv', ['-c:a', 'wavpack']],
    ['alac', 'm4a', ['-c:a', 'alac']],
    ['flac-in-ogg', 'oga', ['-c:a', 'flac']],
    ['flac-in-mkv', 'mka', ['-c:a', 'flac']],
  ];
  for (const [name, ext, args] of targets) {
    if (only && !only.includes(name)) continue;
    const file = join(dir, `bomb-${name}.${ext}`);
    try {
      execFileSync(FFMPEG, ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=384000:cl=7.1', '-t', String(seconds), ...args, file], { stdio: 'pipe' });
      out.push({ name: `${name} bomb`, bytes: readFileSync(file) });
    } catch {
      // this ffmpeg build lacks the encoder: that format is not in the corpus
    }
  }
  return out;
}

/**
 * AAC in M4A whose track header (mdhd) claims 1 s while its sample table holds `seconds` of
 * silence (48 kHz stereo: ~470 bytes a second), index after the audio: the MP4 decoder decodes
 * the whole track in one call, so only the sample table can refuse it in time.
 */
export function aacHiddenLength(dir: string, seconds = 600, layout: 'stereo' | '7.1' = 'stereo', rate = 48000): HostileFile | undefined {
  if (!FFMPEG) return undefined;
  const file = join(dir, `bomb-aac-${layout}.m4a`);
  const bitrate = layout === 'stereo' ? '16k' : '64k';
  try {
    execFileSync(FFMPEG, ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `anullsrc=r=${rate}:cl=${layout}`, '-t', String(seconds), '-c:a', 'aac', '-b:a', bitrate, file], { stdio: 'pipe' });
  } catch {
    return undefined; // no AAC encoder in this ffmpeg build
  }
  const b = readFileSync(file);
  for (let i = b.indexOf('mdhd'); i >= 4; i = b.indexOf('mdhd', i + 4)) {
    if (b[i + 4] === 0) b.writeUInt32BE(b.readUInt32BE(i + 16), i + 20); // duration = one second of its timescale
  }
  return { name: `aac bomb (${seconds} s of ${rate / 1000} kHz ${layout}) with a 1 s track header`, bytes: b };
}

/** FLAC whose STREAMINFO says "length unknown": only the decoder's output budget can stop it. */
export function withoutFlacLength(flac: Buffer): Buffer {
  const b = Buffer.from(flac);
  const s = 8; // "fLaC" + block header
  b[s + 13] = b[s + 13]! & 0xf0;
  b.fill(0, s + 14, s + 18);
  return b;
}

/** Hand-made hostile WAVs and mislabelled bytes; no tools needed. */
export function craftedFiles(): HostileFile[] {
  const good = encodeWav([speechLike(1, MODEL_SAMPLE_RATE, 0.5)], MODEL_SAMPLE_RATE);
  const hugeRate = Buffer.from(good);
  hugeRate.writeUInt32LE(4_000_000_000, 24); // sample rate
  const manyChannels = Buffer.from(good);
  manyChannels.writeUInt16LE(4096, 22);
  const zeroChannels = Buffer.from(good);
  zeroChannels.writeUInt16LE(0, 22);
  const liesAboutSize = Buffer.from(good);
  liesAboutSize.writeUInt32LE(0xfffffff0, 40); // data chunk "4 GB"
  liesAboutSize.writeUInt32LE(0xfffffff8, 4);
  const zeroRate = Buffer.from(good);
  zeroRate.writeUInt32LE(0, 24);
  return [
    { name: 'wav at 4 GHz', bytes: hugeRate },
    { name: 'wav with 4096 channels', bytes: manyChannels },
    { name: 'wav with 0 channels', bytes: zeroChannels },
    { name: 'wav at 0 Hz', bytes: zeroRate },
    { name: 'wav declaring 4 GB of data', bytes: liesAboutSize },
    { name: 'truncated wav header', bytes: good.subarray(0, 30) },
    { name: 'wav header only', bytes: good.subarray(0, 44) },
    { name: 'wav cut mid-sample', bytes: good.subarray(0, 1001) },
    { name: 'fLaC magic then garbage', bytes: Buffer.concat([Buffer.from('fLaC'), Buffer.alloc(2000, 0xff)]) },
    { name: 'ID3 tag claiming 200 MB', bytes: Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f]), Buffer.alloc(100)]) },
    { name: 'OggS then garbage', bytes: Buffer.concat([Buffer.from('OggS'), Buffer.alloc(3000, 7)]) },
    { name: 'a PNG named .wav', bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500)]) },
    { name: 'zeros', bytes: Buffer.alloc(65536) },
  ];
}
