import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeWav, FFMPEG, speechLike, transcode } from '../testing/audio';
import { aacHiddenLength } from '../testing/bombs';
import { readDeclaredAudio } from './audio-header';
import { decodeAudio } from './decode-audio';
import { moovFirst } from './mp4-faststart';

const dir = mkdtempSync(join(tmpdir(), 'veracall-mp4-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!FFMPEG)('MP4 output bound (needs ffmpeg)', () => {
  it('counts an AAC-LC track at 1024 frames per sample, at its own rate and channels', () => {
    const m4a = transcode(encodeWav([speechLike(3, 48000, 0.5), speechLike(3, 48000, 0.4)], 48000), dir, 'm4a');
    const d = readDeclaredAudio(m4a, 'm4a')!;
    expect(d).toMatchObject({ codec: 'mp4a', channels: 2, sampleRate: 48000 });
    // the table's samples × 1024 (priming included): a little over the 3 s
    expect(d.frames! / 48000).toBeGreaterThanOrEqual(3);
    expect(d.frames! / 48000).toBeLessThan(3.2);
  });

  it('allows for SBR and parametric stereo at low core rates (output twice the rate, two channels)', () => {
    const m4a = transcode(encodeWav([speechLike(3, 16000, 0.5)], 16000), dir, 'm4a');
    const d = readDeclaredAudio(m4a, 'm4a')!;
    expect(d).toMatchObject({ channels: 2, sampleRate: 32000 });
    expect(d.frames! / 32000).toBeLessThan(3.2);
  });

  it("counts the audio track's samples, not the video's", () => {
    const mp4 = transcode(encodeWav([speechLike(3, 48000, 0.5)], 48000), dir, 'mp4');
    const d = readDeclaredAudio(mp4, 'm4a')!;
    expect(d.frames! / d.sampleRate).toBeLessThan(3.2);
  });
});

describe.skipIf(!FFMPEG)('MP4 index first (needs ffmpeg)', () => {
  it('moves the index before the audio and decodes to the same samples', async () => {
    const m4a = transcode(encodeWav([speechLike(3, 48000, 0.5)], 48000), dir, 'm4a');
    expect(m4a.indexOf('moov')).toBeGreaterThan(m4a.indexOf('mdat')); // as ffmpeg writes it
    const fast = Buffer.from(moovFirst(m4a));
    expect(fast.length).toBe(m4a.length);
    expect(fast.indexOf('moov')).toBeLessThan(fast.indexOf('mdat'));
    const [a, b] = [await decodeAudio(m4a, { maxSeconds: 60 }), await decodeAudio(fast, { maxSeconds: 60 })];
    expect(b.samples.length).toBe(a.samples.length);
    expect(Array.from(b.samples.subarray(20000, 20100))).toEqual(Array.from(a.samples.subarray(20000, 20100)));
  });

  // Session 11: with the index last, 600 s of 48 kHz stereo AAC decoded in one call (+637 MiB).
  it('decodes a long AAC whose index follows its audio in bounded calls', async () => {
    const long = aacHiddenLength(dir, 600);
    if (!long) return;
    const b = Buffer.from(long.bytes);
    for (let i = b.indexOf('mdhd'); i >= 4; i = b.indexOf('mdhd', i + 4)) if (b[i + 4] === 0) b.writeUInt32BE(600 * b.readUInt32BE(i + 16), i + 20); // an honest header
    const base = process.memoryUsage.rss();
    let peak = base;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
    try {
      const d = await decodeAudio(b, { maxSeconds: 1800 });
      expect(d.samples.length).toBe(600 * 16000);
    } finally {
      clearInterval(timer);
    }
    // the 16 kHz mono output is 37 MiB; the whole track at once had been ~640 MiB
    expect((Math.max(peak, process.memoryUsage.rss()) - base) / 2 ** 20).toBeLessThan(350);
  }, 60_000);
});
