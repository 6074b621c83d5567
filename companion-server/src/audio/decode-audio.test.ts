import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeWav, FFMPEG, speechLike, transcode } from '../testing/audio';
import { AudioDecodeError, decodeAudio } from './decode-audio';
import { MODEL_SAMPLE_RATE } from '../../../shared/model/sample-rate';

const dir = mkdtempSync(join(tmpdir(), 'veracall-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Correlation of two signals over their common length: 1 when identical in shape. */
function correlation(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! ** 2;
    bb += b[i]! ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('decodeAudio (WAV, no external tools)', () => {
  it('downmixes stereo and resamples 48 kHz to 16 kHz, time-aligned', async () => {
    const left = speechLike(2, 48000, 0.5);
    const right = new Float32Array(left.length); // silent right channel: mono is half the left
    const d = await decodeAudio(encodeWav([left, right], 48000), { maxSeconds: 60 });
    expect(d.source).toEqual({ sampleRate: 48000, channels: 2, format: 'wav' });
    expect(d.samples.length).toBe(32000);
    const reference = speechLike(2, MODEL_SAMPLE_RATE, 0.25);
    expect(correlation(d.samples, reference)).toBeGreaterThan(0.97);
  });

  it('decodes in chunks across many decoder calls', async () => {
    const x = speechLike(5, MODEL_SAMPLE_RATE, 0.5);
    const d = await decodeAudio(encodeWav([x], MODEL_SAMPLE_RATE), { maxSeconds: 60, chunkBytes: 4096 });
    expect(d.samples.length).toBe(x.length);
    expect(Math.max(...d.samples.subarray(0, 10000).map((v, i) => Math.abs(v - x[i]!)))).toBeLessThan(1e-4);
  });

  it('stops as soon as the audio is longer than allowed', async () => {
    await expect(decodeAudio(encodeWav([speechLike(3)], MODEL_SAMPLE_RATE), { maxSeconds: 2 })).rejects.toMatchObject({ code: 'audio-too-long' });
  });

  it('names what it cannot read', async () => {
    const err = await decodeAudio(Buffer.from('%PDF-1.4 not audio'), { maxSeconds: 60 }).catch((e) => e);
    expect(err).toBeInstanceOf(AudioDecodeError);
    expect(err.message).toMatch(/supported: wav, mp3/);
  });
});

// Each container the upload route promises, encoded by ffmpeg from the same 2 s stereo 44.1 kHz WAV.
describe.skipIf(!FFMPEG)('decodeAudio of compressed formats (needs ffmpeg to make the test files)', () => {
  const a = speechLike(2, 44100, 0.5);
  const wav = encodeWav([a, a], 44100);
  const reference = speechLike(2, MODEL_SAMPLE_RATE, 0.5);

  it.each([
    ['mp3', 'mp3'],
    ['flac', 'flac'],
    ['ogg', 'oga'],
    ['opus', 'opus'],
    ['m4a', 'm4a'],
    ['webm', 'webm'],
    ['mp4', 'm4a'],
  ])('decodes %s to 16 kHz mono', async (ext, format) => {
    const bytes = transcode(wav, dir, ext);
    const d = await decodeAudio(bytes, { maxSeconds: 60 });
    expect(d.source.format).toBe(format);
    expect(d.source.channels).toBeGreaterThanOrEqual(1);
    expect(d.samples.length / MODEL_SAMPLE_RATE).toBeGreaterThan(1.9);
    expect(d.samples.length / MODEL_SAMPLE_RATE).toBeLessThan(2.2);
    // Lossy codecs add delay/padding: compare level rather than the waveform.
    const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    expect(rms(d.samples) / rms(reference)).toBeGreaterThan(0.8);
    expect(rms(d.samples) / rms(reference)).toBeLessThan(1.25);
  });

  it('rejects a truncated MP3 frame stream cleanly', async () => {
    const bytes = transcode(wav, dir, 'mp3').subarray(0, 300);
    const err = await decodeAudio(bytes, { maxSeconds: 60 }).then(
      (d) => d,
      (e: unknown) => e,
    );
    // Either a short decode or a named failure; never an unnamed crash.
    if (err instanceof Error) expect(err).toBeInstanceOf(AudioDecodeError);
  });
});
