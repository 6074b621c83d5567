import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureModel } from '../../../tests/fixtures/fixture-model';
import { ModelRegistry } from '../models/model-registry';
import { speechLike } from '../testing/audio';
import { buildTestApp, type TestApp } from '../testing/test-app';
import { audioMessage, end, pairedProbe, start } from '../testing/ws-probe';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fixture model whose every inference call takes 40 ms: the companion cannot keep up. */
async function slowRegistry(dir: string): Promise<ModelRegistry> {
  writeFixtureModel(dir);
  const registry = await ModelRegistry.load({ dir, allowTestFixtures: true, executionProvider: 'cpu' });
  const d = registry.get()!.detector;
  const run = d.processBatch.bind(d);
  d.processBatch = async (w) => {
    await sleep(40);
    return run(w);
  };
  return registry;
}

describe('WebSocket overload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veracall-overload-'));
  let registry: ModelRegistry;
  let t: TestApp;
  beforeAll(async () => {
    registry = await slowRegistry(dir);
    t = await buildTestApp({
      registry,
      config: { ws: { maxStreams: 8, maxPendingPerConnection: 4, maxPendingGlobal: 6, maxFramesPerSecond: 1000, maxBatch: 2, helloTimeoutMs: 5000 } },
    });
  });
  afterAll(async () => {
    await t.close();
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const paired = () => pairedProbe(t.app, t.token);

  /** Largest scheduler queue seen while `fn` runs. */
  async function peakPending(fn: () => Promise<void>): Promise<number> {
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, t.app.scheduler.pending)), 2);
    try {
      await fn();
    } finally {
      clearInterval(timer);
    }
    return Math.max(peak, t.app.scheduler.pending);
  }

  it('drops the oldest windows of a connection over its budget, tells the client, and keeps the newest', async () => {
    const p = await paired();
    p.send(start('s'));
    const audio = speechLike(5, 16000, 0.6);
    let total = 0;
    const peak = await peakPending(async () => {
      for (let i = 0, seq = 0; i < audio.length; i += 1600) {
        p.send(audioMessage('s', seq++, audio.subarray(i, i + 1600)));
        await sleep(1);
      }
      p.send(end('s'));
      total = (await p.next('stream.ended', () => true, 10_000)).windows;
    });
    expect(peak).toBeLessThanOrEqual(4);
    const scores = p.of('score');
    const dropped = p.of('dropped').reduce((n, m) => n + m.windows, 0);
    expect(dropped).toBeGreaterThan(0);
    expect(p.of('dropped')[0]).toMatchObject({ streamId: 's', reason: 'overload' });
    // every speech window is either scored or reported dropped
    expect(scores.length + dropped).toBeLessThanOrEqual(total);
    expect(scores.length + dropped).toBeGreaterThan(total - 4);
    // the newest windows survive
    expect(Math.max(...scores.map((s) => s.window))).toBeGreaterThanOrEqual(total - 2);
    const metrics = (await t.app.inject({ url: '/metrics', headers: t.auth })).body;
    expect(metrics).toMatch(new RegExp(`veracall_windows_dropped_total ${dropped}\\b`));
    p.ws.close();
  });

  it('bounds the queue across connections and serves again after they close', async () => {
    const a = await paired();
    const b = await paired();
    a.send(start('a'));
    b.send(start('b'));
    const audio = speechLike(3, 16000, 0.6);
    const peak = await peakPending(async () => {
      for (let i = 0, seq = 0; i < audio.length; i += 1600, seq++) {
        a.send(audioMessage('a', seq, audio.subarray(i, i + 1600)));
        b.send(audioMessage('b', seq, audio.subarray(i, i + 1600)));
        await sleep(1);
      }
      await a.next('dropped');
      await b.next('dropped');
    });
    expect(peak).toBeLessThanOrEqual(6);
    a.ws.close();
    b.ws.close();
    for (let i = 0; i < 100 && t.app.scheduler.pending > 0; i++) await sleep(20);
    expect(t.app.scheduler.pending).toBe(0);
    // and the companion still answers
    const c = await paired();
    c.send(start('c'));
    c.send(audioMessage('c', 0, speechLike(0.6, 16000, 0.6)));
    await c.next('score');
    c.ws.close();
  });
});
