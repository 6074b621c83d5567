import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config';
import { encodeWav, speechLike } from '../testing/audio';
import { OffThreadDecoder } from './decode-off-thread';
import { MODEL_SAMPLE_RATE } from '../../../shared/model/sample-rate';

describe('OffThreadDecoder', () => {
  it('decodes on a worker thread when run as the companion runs (node --import tsx)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'veracall-worker-'));
    try {
      const wav = join(dir, 'a.wav');
      const x = speechLike(2, 44100, 0.5);
      writeFileSync(wav, encodeWav([x, x], 44100));
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'companion-server/src/testing/decode-off-thread-probe.ts', wav], {
        cwd: REPO_ROOT,
      });
      expect(JSON.parse(stdout)).toEqual({
        usedWorker: true,
        samples: 32000,
        source: { sampleRate: 44100, channels: 2, format: 'wav' },
        progress: 2,
        errorCode: 'unsupported-format',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('decodes on the worker inside the test runner too, with progress and named errors', async () => {
    const decoder = new OffThreadDecoder();
    try {
      let progress = 0;
      const d = await decoder.decode(encodeWav([speechLike(1, MODEL_SAMPLE_RATE)], MODEL_SAMPLE_RATE), { maxSeconds: 60, onProgress: () => progress++ });
      expect(decoder.usedWorker).toBe(true);
      expect(d.samples.length).toBe(MODEL_SAMPLE_RATE);
      expect(progress).toBe(1);
      await expect(decoder.decode(encodeWav([speechLike(3, MODEL_SAMPLE_RATE)], MODEL_SAMPLE_RATE), { maxSeconds: 2 })).rejects.toMatchObject({ code: 'audio-too-long' });
    } finally {
      await decoder.close();
    }
  });

  it('falls back to decoding in-process when the worker cannot load, with the same results', async () => {
    const decoder = new OffThreadDecoder(new URL('./no-such-worker.mjs', import.meta.url));
    try {
      const d = await decoder.decode(encodeWav([speechLike(1, MODEL_SAMPLE_RATE)], MODEL_SAMPLE_RATE), { maxSeconds: 60 });
      expect(d.samples.length).toBe(MODEL_SAMPLE_RATE);
      expect(decoder.usedWorker).toBe(false);
      await expect(decoder.decode(Buffer.alloc(0), { maxSeconds: 60 })).rejects.toMatchObject({ code: 'empty-file' });
      await expect(decoder.decode(encodeWav([speechLike(3, MODEL_SAMPLE_RATE)], MODEL_SAMPLE_RATE), { maxSeconds: 2 })).rejects.toMatchObject({ code: 'audio-too-long' });
    } finally {
      await decoder.close();
    }
  });
});
