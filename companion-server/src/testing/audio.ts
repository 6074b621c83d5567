/**
 * Test and benchmark audio, generated rather than stored: a speech-like signal (a voiced
 * tone with syllable-rate amplitude dips, so the energy gate keeps calling it speech), WAV
 * encoding, and other formats through ffmpeg when it is installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_SAMPLE_RATE } from '../../../shared/model/sample-rate';

export function speechLike(seconds: number, rate = MODEL_SAMPLE_RATE, amplitude = 0.3, seed = 1): Float32Array {
  const n = Math.round(seconds * rate);
  const x = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (1103515245 * s + 12345) % 2147483648;
    const t = i / rate;
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 3 * t)); // 3 Hz bursts with silent gaps
    x[i] = amplitude * syllable * (Math.sin(2 * Math.PI * 180 * t) + 0.3 * Math.sin(2 * Math.PI * 540 * t)) / 1.3 + 0.002 * (s / 2147483648 - 0.5);
  }
  return x;
}

/** RIFF WAV: 16-bit PCM, or 32-bit float (format 3) when `float` is set. Channels interleaved. */
export function encodeWav(channels: Float32Array[], rate: number, float = false): Buffer {
  const n = channels[0]!.length;
  const bps = float ? 4 : 2;
  const data = Buffer.alloc(n * channels.length * bps);
  for (let i = 0; i < n; i++) {
    channels.forEach((c, k) => {
      const off = (i * channels.length + k) * bps;
      if (float) data.writeFloatLE(c[i]!, off);
      else data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(c[i]! * 32767))), off);
    });
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(float ? 3 : 1, 20);
  h.writeUInt16LE(channels.length, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * channels.length * bps, 28);
  h.writeUInt16LE(channels.length * bps, 32);
  h.writeUInt16LE(bps * 8, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

export const FFMPEG = ['/usr/bin/ffmpeg', '/usr/local/bin/ffmpeg'].find((p) => existsSync(p));

/** ffmpeg arguments per target; mp4 gets a black video track so it is a real video file. */
export const FFMPEG_TARGETS: Record<string, string[]> = {
  mp3: ['-c:a', 'libmp3lame'],
  flac: ['-c:a', 'flac'],
  ogg: ['-c:a', 'libvorbis'],
  opus: ['-c:a', 'libopus'],
  m4a: ['-c:a', 'aac'],
  webm: ['-c:a', 'libopus'],
  mp4: ['-f', 'lavfi', '-i', 'color=c=black:s=32x32:r=5', '-shortest', '-c:v', 'libx264', '-c:a', 'aac'],
};

/** Encodes a WAV file to `ext` in `dir` with ffmpeg; throws when ffmpeg is missing. */
export function transcode(wav: Buffer, dir: string, ext: string): Buffer {
  if (!FFMPEG) throw new Error('ffmpeg not installed');
  const src = join(dir, 'source.wav');
  const out = join(dir, `out.${ext}`);
  writeFileSync(src, wav);
  const extra = FFMPEG_TARGETS[ext] ?? [];
  const [pre, post] = ext === 'mp4' ? [extra.slice(0, 4), extra.slice(4)] : [[], extra];
  execFileSync(FFMPEG, ['-loglevel', 'error', '-y', '-i', src, ...pre, ...post, out], { stdio: 'pipe' });
  return readFileSync(out);
}
