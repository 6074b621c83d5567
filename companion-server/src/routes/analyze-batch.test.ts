import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchResultSchema } from '../../../shared/index';
import { encodeWav, FFMPEG, speechLike, transcode } from '../testing/audio';
import { buildTestApp, multipart, type TestApp } from '../testing/test-app';

describe('POST /v1/analyze/batch', () => {
  let t: TestApp;
  const tmp = mkdtempSync(join(tmpdir(), 'veracall-batch-'));
  beforeAll(async () => {
    t = await buildTestApp({ config: { maxUploadBytes: 1024 * 1024, maxBatchFiles: 4 } });
  });
  afterAll(async () => {
    await t.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const batch = (files: { filename: string; data: Buffer }[], query = '') => {
    const b = multipart(files);
    return t.app.inject({ method: 'POST', url: `/v1/analyze/batch${query}`, headers: { ...t.auth, ...b.headers }, payload: b.payload });
  };

  it('reports each file: results for good ones, errors for bad ones', async () => {
    const res = await batch(
      [
        { filename: 'loud.wav', data: encodeWav([speechLike(2, 16000, 0.6)], 16000) },
        { filename: 'notes.txt', data: Buffer.from('not audio, just some text here') },
        { filename: 'quiet.wav', data: encodeWav([speechLike(2, 16000, 0.03)], 16000) },
      ],
      '?preset=sensitive',
    );
    expect(res.statusCode).toBe(200);
    const { results } = batchResultSchema.parse(res.json());
    expect(results).toHaveLength(3);
    expect(results[0]).toMatchObject({ ok: true, result: { file: 'loud.wav', verdict: 'synthetic', threshold: 0.3 } });
    expect(results[1]).toMatchObject({ ok: false, file: 'notes.txt' });
    expect(results[1]!.ok === false && results[1]!.error).toMatch(/unsupported audio format/);
    expect(results[2]).toMatchObject({ ok: true, result: { file: 'quiet.wav', verdict: 'human' } });
  });

  it.skipIf(!FFMPEG)('analyses the audio track of an MP4 video (needs ffmpeg to make it)', async () => {
    const mp4 = transcode(encodeWav([speechLike(2, 44100, 0.6)], 44100), tmp, 'mp4');
    const res = await batch([{ filename: 'call.mp4', data: mp4 }]);
    expect(res.json().results[0]).toMatchObject({ ok: true, result: { verdict: 'synthetic', source: { format: 'm4a' } } });
  });

  it('answers too many files with 413', async () => {
    const f = { filename: 'a.wav', data: encodeWav([speechLike(0.5)], 16000) };
    const res = await batch([f, f, f, f, f]);
    expect(res.statusCode).toBe(413);
  });

  it('answers files that together exceed the upload limit with 413', async () => {
    const big = { filename: 'big.wav', data: encodeWav([speechLike(20, 16000)], 16000) }; // 640 kB each
    const res = await batch([big, big]);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBe('payload-too-large');
  });

  it('answers an empty batch with 400 and keeps serving', async () => {
    const b = multipart([], { preset: 'balanced' });
    const res = await t.app.inject({ method: 'POST', url: '/v1/analyze/batch', headers: { ...t.auth, ...b.headers }, payload: b.payload });
    expect(res.statusCode).toBe(400);
    const ok = await batch([{ filename: 'a.wav', data: encodeWav([speechLike(1, 16000, 0.6)], 16000) }]);
    expect(ok.json().results[0].ok).toBe(true);
  });
});
