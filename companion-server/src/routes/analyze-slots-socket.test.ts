import { afterEach, describe, expect, it } from 'vitest';
import { encodeWav, speechLike } from '../testing/audio';
import { listenLoopback, stalledUpload, waitFor } from '../testing/raw-http';
import { buildTestApp, multipart, type TestApp } from '../testing/test-app';

// Issue 16, item 3: a client that disconnected while queued kept its analysis slot for ever.
describe.each(['/v1/analyze', '/v1/analyze/batch'])('analysis slots over real sockets (%s)', (path) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('frees the slots of clients that leave while running or queued, so later uploads still run', async () => {
    t = await buildTestApp({ config: { maxConcurrentAnalyses: 2, maxQueuedAnalyses: 8 } });
    const port = await listenLoopback(t.app);
    const slots = t.app.analysisSlots;
    const partial = multipart([{ filename: 'a.wav', data: encodeWav([speechLike(1, 16000, 0.5)], 16000) }]);
    const headers = { ...t.auth, 'content-type': partial.headers['content-type']! };
    const start = () => stalledUpload(port, path, headers, partial.payload.subarray(0, 200));

    for (let round = 0; round < 2; round++) {
      const [a, b] = [start(), start()];
      await waitFor(() => slots.load.running === 2, 5000, 'two running uploads');
      const queued = start();
      await waitFor(() => slots.load.waiting === 1, 5000, 'a queued upload');
      queued.close();
      await waitFor(() => slots.load.waiting === 0, 5000, 'the queued upload to leave the queue');
      a.close();
      b.close();
      await waitFor(() => slots.load.running === 0, 5000, 'the slots to be released');
    }

    const full = multipart([{ filename: 'b.wav', data: encodeWav([speechLike(2, 16000, 0.5)], 16000) }]);
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { ...t.auth, ...full.headers },
      body: new Uint8Array(full.payload),
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  }, 30_000);

  it('closes promptly with uploads stalled mid-body and one queued', async () => {
    t = await buildTestApp({ config: { maxConcurrentAnalyses: 1, maxQueuedAnalyses: 8 } });
    const port = await listenLoopback(t.app);
    const partial = multipart([{ filename: 'a.wav', data: encodeWav([speechLike(1, 16000, 0.5)], 16000) }]);
    const headers = { ...t.auth, 'content-type': partial.headers['content-type']! };
    const uploads = [0, 1].map(() => stalledUpload(port, path, headers, partial.payload.subarray(0, 200)));
    await waitFor(() => t!.app.analysisSlots.load.waiting === 1, 5000, 'a queued upload');
    const t0 = Date.now();
    await t.app.close();
    expect(Date.now() - t0).toBeLessThan(3000);
    uploads.forEach((u) => u.close());
  }, 30_000);
});
