import { describe, expect, it } from 'vitest';
import { NonFiniteLogitError, type WindowScore } from '../../../shared/index';
import { CompanionMetrics } from '../metrics/metrics';
import type { LoadedModel } from '../models/model-registry';
import { InferenceScheduler, type PendingWindow, type WindowOwner } from './inference-scheduler';

/** A model whose calls wait until the test releases them; records each batch's window indices. */
function gatedModel(name = 'm') {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const model = {
    sidecar: { name },
    engine: 'fake',
    detector: {
      async processBatch(ws: readonly Float32Array[]): Promise<WindowScore[]> {
        batches.push(ws.map((w) => w[0]!));
        await new Promise<void>((r) => gates.push(r));
        return ws.map(() => ({ logit: 0, pSpoof: 0.5 }));
      },
    },
  } as unknown as LoadedModel;
  return { model, batches, release: () => gates.splice(0).forEach((g) => g()) };
}

function owner(maxPending: number) {
  const o = {
    pending: 0,
    maxPending,
    scored: [] as number[],
    dropped: [] as number[],
    onScored: (w: PendingWindow) => o.scored.push(w.index),
    onDropped: (w: PendingWindow) => o.dropped.push(w.index),
    onFailed: (_w: PendingWindow) => {},
  };
  return o satisfies WindowOwner;
}

const log = { error() {} } as never;
/** Lets queued calls start and finish: release, then give the pump its turns. */
async function drain(...releases: (() => void)[]) {
  for (let i = 0; i < 10; i++) {
    releases.forEach((r) => r());
    await new Promise((r) => setImmediate(r));
  }
}
const win = (o: WindowOwner, model: LoadedModel, index: number, streamId = 's'): PendingWindow => ({
  owner: o,
  streamId,
  model,
  index,
  startSample: index * 100,
  samples: Float32Array.of(index),
  arrivedAt: 0,
});

describe('InferenceScheduler', () => {
  it('batches windows across owners and drops the oldest of an owner over budget', async () => {
    const { model, batches, release } = gatedModel();
    const s = new InferenceScheduler({ maxBatch: 3, maxPendingGlobal: 100, metrics: new CompanionMetrics(), log });
    const a = owner(2);
    const b = owner(10);
    s.enqueue(win(a, model, 0)); // taken at once into the first call
    for (let i = 1; i <= 4; i++) s.enqueue(win(a, model, i));
    s.enqueue(win(b, model, 100));
    expect(a.dropped).toEqual([1, 2]); // oldest pending first
    expect(a.pending).toBe(2);
    await drain(release);
    expect(batches).toEqual([[0], [3, 4, 100]]);
    expect(a.scored).toEqual([0, 3, 4]);
    expect(b.scored).toEqual([100]);
    expect(s.pending).toBe(0);
  });

  it('keeps the global queue under its cap by dropping the oldest window of anyone', () => {
    const { model } = gatedModel();
    const s = new InferenceScheduler({ maxBatch: 1, maxPendingGlobal: 3, metrics: new CompanionMetrics(), log });
    const a = owner(10);
    const b = owner(10);
    s.enqueue(win(a, model, 0)); // in flight
    [1, 2].forEach((i) => s.enqueue(win(a, model, i)));
    [10, 11].forEach((i) => s.enqueue(win(b, model, i)));
    expect(s.pending).toBe(3);
    expect(a.dropped).toEqual([1]);
    expect(b.dropped).toEqual([]);
  });

  it('forgets the windows of a cancelled owner or stream', () => {
    const { model } = gatedModel();
    const s = new InferenceScheduler({ maxBatch: 1, maxPendingGlobal: 100, metrics: new CompanionMetrics(), log });
    const a = owner(10);
    const b = owner(10);
    s.enqueue(win(a, model, 0));
    [1, 2].forEach((i) => s.enqueue(win(a, model, i, 'x')));
    s.enqueue(win(a, model, 3, 'y'));
    s.enqueue(win(b, model, 9));
    s.cancel(a, 'x');
    expect(s.pending).toBe(2);
    s.cancel(a);
    expect(s.pending).toBe(1);
    expect(a.pending).toBe(0);
    expect(a.dropped).toEqual([]);
  });

  it('serves one model at a time without mixing models in a batch', async () => {
    const m1 = gatedModel('one');
    const m2 = gatedModel('two');
    const s = new InferenceScheduler({ maxBatch: 8, maxPendingGlobal: 100, metrics: new CompanionMetrics(), log });
    const a = owner(10);
    s.enqueue(win(a, m1.model, 0));
    s.enqueue(win(a, m2.model, 1));
    s.enqueue(win(a, m1.model, 2));
    await drain(m1.release, m2.release);
    expect(m1.batches).toEqual([[0], [2]]);
    expect(m2.batches).toEqual([[1]]);
  });

  it('fails only the window the model cannot score, not the others in its batch', async () => {
    const model = {
      sidecar: { name: 'picky' },
      engine: 'fake',
      detector: {
        async processBatch(ws: readonly Float32Array[]): Promise<WindowScore[]> {
          if (ws.some((w) => w[0] === 13)) throw new NonFiniteLogitError(NaN);
          return ws.map(() => ({ logit: 1, pSpoof: 0.73 }));
        },
      },
    } as unknown as LoadedModel;
    const s = new InferenceScheduler({ maxBatch: 8, maxPendingGlobal: 100, metrics: new CompanionMetrics(), log });
    const a = owner(10);
    const failed: number[] = [];
    a.onFailed = (w: PendingWindow) => void failed.push(w.index);
    s.enqueue(win(a, model, 0));
    [12, 13, 14].forEach((i) => s.enqueue(win(a, model, i)));
    await drain();
    expect(a.scored).toEqual([0, 12, 14]);
    expect(failed).toEqual([13]);
  });

  it('serves file-analysis batches only when no stream window waits', async () => {
    const { model, batches, release } = gatedModel();
    const s = new InferenceScheduler({ maxBatch: 8, maxPendingGlobal: 100, metrics: new CompanionMetrics(), log });
    const a = owner(10);
    s.enqueue(win(a, model, 0)); // in flight
    const file = s.runBackground(model, [Float32Array.of(500), Float32Array.of(501)]);
    s.enqueue(win(a, model, 1)); // arrives after the file batch, served before it
    await drain(release);
    expect(batches).toEqual([[0], [1], [500, 501]]);
    await expect(file).resolves.toHaveLength(2);
  });
});
