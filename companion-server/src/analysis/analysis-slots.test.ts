import { describe, expect, it } from 'vitest';
import { encodeWav, speechLike } from '../testing/audio';
import { buildTestApp, multipart } from '../testing/test-app';
import { AnalysisSlots } from './analysis-slots';

describe('AnalysisSlots', () => {
  it('runs up to the limit, queues the next ones in order, refuses beyond the queue', async () => {
    const slots = new AnalysisSlots(1, 1);
    const first = await slots.acquire();
    let secondStarted = false;
    const second = slots.acquire().then((r) => ((secondStarted = true), r));
    await expect(slots.acquire()).rejects.toMatchObject({ statusCode: 503, code: 'busy' });
    await Promise.resolve();
    expect(secondStarted).toBe(false);
    first();
    first(); // releasing twice frees nothing extra
    const release2 = await second;
    expect(secondStarted).toBe(true);
    const third = slots.acquire(); // the queue has room again
    release2();
    await expect(third).resolves.toBeTypeOf('function');
  });

  it('lets a waiter whose client left go without taking a slot, and releases a holder on abort', async () => {
    const slots = new AnalysisSlots(1, 4);
    const holder = new AbortController();
    await slots.acquire(holder.signal);
    const gone = new AbortController();
    const waiting = slots.acquire(gone.signal);
    const next = slots.acquire();
    expect(slots.load).toEqual({ running: 1, waiting: 2 });
    gone.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' });
    expect(slots.load).toEqual({ running: 1, waiting: 1 });
    holder.abort(); // the holder's client left: its slot passes to the next waiter
    await expect(next).resolves.toBeTypeOf('function');
    expect(slots.load).toEqual({ running: 1, waiting: 0 });
    await expect(slots.acquire(AbortSignal.abort())).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('answers 503 busy past the queue, and serves again afterwards', async () => {
    const t = await buildTestApp({ config: { maxConcurrentAnalyses: 1, maxQueuedAnalyses: 0 } });
    try {
      const body = multipart([{ filename: 'a.wav', data: encodeWav([speechLike(20, 16000, 0.5)], 16000) }]);
      const send = () => t.app.inject({ method: 'POST', url: '/v1/analyze', headers: { ...t.auth, ...body.headers }, payload: body.payload });
      const [a, b] = await Promise.all([send(), send()]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 503]);
      expect([a, b].find((r) => r.statusCode === 503)!.json()).toMatchObject({ error: 'busy' });
      expect((await send()).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
