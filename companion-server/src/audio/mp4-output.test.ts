import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeWav, FFMPEG, speechLike, transcode } from '../testing/audio';
import { readDeclaredAudio } from './audio-header';

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
