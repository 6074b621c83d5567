import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FFMPEG } from '../testing/audio';
import { aacHiddenLength, craftedFiles, ffmpegBombs, withoutFlacLength } from '../testing/bombs';
import { AudioDecodeError, decodeAudio } from './decode-audio';
import { OffThreadDecoder } from './decode-off-thread';
import { MODEL_SAMPLE_RATE } from '../../../shared/model/sample-rate';

const dir = mkdtempSync(join(tmpdir(), 'veracall-bombs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NAMED = ['decode-timeout', 'audio-too-large', 'audio-too-long', 'undecodable', 'unsupported-format', 'no-audio', 'empty-file'];

/** Peak RSS growth while `run` goes, sampled every 20 ms (worker threads count: same process). */
async function peakRssGrowth<T>(run: () => Promise<T>): Promise<{ result: T | unknown; growthMiB: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const result = await run().catch((e: unknown) => e);
    return { result, growthMiB: (Math.max(peak, process.memoryUsage.rss()) - base) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

// Issue 16, item 2: a 57 KB FLAC took the server to 3.4 GB.
describe.skipIf(!FFMPEG)('decompression bombs (needs ffmpeg to make them)', () => {
  const bombs = FFMPEG ? ffmpegBombs(dir) : [];
  const flac = bombs.find((b) => b.name.startsWith('flac '));

  it.each(bombs.map((b) => [b.name, b] as const))('%s is refused by name with bounded memory, on the worker', async (_n, bomb) => {
    const decoder = new OffThreadDecoder(undefined, { timeoutMs: 15_000 });
    try {
      const { result, growthMiB } = await peakRssGrowth(() => decoder.decode(bomb.bytes, { maxSeconds: 1800 }));
      expect(result).toBeInstanceOf(AudioDecodeError);
      expect(NAMED).toContain((result as AudioDecodeError).code);
      expect(growthMiB).toBeLessThan(400);
    } finally {
      await decoder.close();
    }
  }, 60_000);

  it('refuses the FLAC bomb from its header alone, in-process too (the CLI path)', async () => {
    const t0 = performance.now();
    await expect(decodeAudio(flac!.bytes, { maxSeconds: 1800 })).rejects.toMatchObject({ code: 'audio-too-large' });
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('stops a FLAC bomb whose header hides its length once the output budget is spent', async () => {
    const { result, growthMiB } = await peakRssGrowth(() => decodeAudio(withoutFlacLength(flac!.bytes), { maxSeconds: 1800, maxDecodedSamples: 50_000_000 }));
    expect(result).toMatchObject({ code: 'audio-too-large' });
    // The budget alone is 200 MB of float32; unbounded, this file grew past 3 GB.
    expect(growthMiB).toBeLessThan(560);
  }, 60_000);

  // Session 11: the track header said 1 s, the decoder made 600 s (458 MiB) in one call before the budget was checked.
  it('refuses an AAC file whose track header hides its length, from its sample table, before decoding', async () => {
    const aac = aacHiddenLength(dir, 600);
    if (!aac) return; // this ffmpeg has no AAC encoder
    const t0 = performance.now();
    const { result, growthMiB } = await peakRssGrowth(() => decodeAudio(aac.bytes, { maxSeconds: 60 }));
    expect(result).toMatchObject({ code: 'audio-too-long' });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(growthMiB).toBeLessThan(100);
    // and under a long limit, the output budget (samples × channels) holds from the table too
    await expect(decodeAudio(aac.bytes, { maxSeconds: 1800, maxDecodedSamples: 10_000_000 })).rejects.toMatchObject({ code: 'audio-too-large' });
  }, 60_000);

  it('terminates the worker when the client goes away, and decodes the next file normally', async () => {
    const decoder = new OffThreadDecoder();
    try {
      const ac = new AbortController();
      const p = decoder.decode(withoutFlacLength(flac!.bytes), { maxSeconds: 1800, signal: ac.signal });
      setTimeout(() => ac.abort(), 300);
      await expect(p).rejects.toMatchObject({ code: 'cancelled' });
      expect(decoder.active).toBe(0);
    } finally {
      await decoder.close();
    }
  }, 30_000);
});

describe('crafted hostile files', () => {
  it.each(craftedFiles().map((f) => [f.name, f] as const))('%s: a named refusal or a short decode, never a crash', async (_n, f) => {
    const r = await decodeAudio(f.bytes, { maxSeconds: 60 }).catch((e: unknown) => e);
    if (r instanceof Error) {
      expect(r).toBeInstanceOf(AudioDecodeError);
      expect(NAMED).toContain((r as AudioDecodeError).code);
    } else {
      expect((r as { samples: Float32Array }).samples.length).toBeLessThanOrEqual(60 * MODEL_SAMPLE_RATE);
    }
  });
});
