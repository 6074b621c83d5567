import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { WindowScore } from '../../../shared/index';
import type { CompanionMetrics } from '../metrics/metrics';
import type { LoadedModel } from '../models/model-registry';

/** A connection's side of the queue: its budget and where results go. */
export interface WindowOwner {
  pending: number;
  readonly maxPending: number;
  onScored(w: PendingWindow, score: WindowScore): void;
  onDropped(w: PendingWindow): void;
  onFailed(w: PendingWindow, err: unknown): void;
}

export interface PendingWindow {
  owner: WindowOwner;
  streamId: string;
  model: LoadedModel;
  index: number;
  startSample: number;
  /** [windowSamples] float32 at 16 kHz. */
  samples: Float32Array;
  /** performance.now() when the window's last sample arrived. */
  arrivedAt: number;
}

export interface SchedulerOptions {
  maxBatch: number;
  maxPendingGlobal: number;
  metrics: CompanionMetrics;
  log: FastifyBaseLogger;
}

/**
 * One queue of stream windows for every connection, served one inference call at a time
 * (two shared cores gain nothing from concurrent calls). Each call takes up to `maxBatch`
 * windows of the oldest window's model, across streams and connections. Under overload the
 * oldest pending window goes first, of the connection that is over its budget or, past
 * the global cap, of anyone: stale audio is worth least to a live verdict, and memory stays
 * bounded by (global cap + one batch) windows.
 */
interface BackgroundJob {
  model: LoadedModel;
  windows: readonly Float32Array[];
  resolve(scores: WindowScore[]): void;
  reject(err: unknown): void;
}

export class InferenceScheduler {
  private queue: PendingWindow[] = [];
  /** File-analysis batches: served only when no stream window waits, so uploads do not delay live verdicts. */
  private background: BackgroundJob[] = [];
  private running = false;

  constructor(private readonly opts: SchedulerOptions) {}

  get pending(): number {
    return this.queue.length;
  }

  enqueue(w: PendingWindow): void {
    this.queue.push(w);
    w.owner.pending++;
    if (w.owner.pending > w.owner.maxPending) this.dropOldest((x) => x.owner === w.owner);
    if (this.queue.length > this.opts.maxPendingGlobal) this.dropOldest(() => true);
    this.opts.metrics.wsPending.set(this.queue.length);
    void this.pump();
  }

  /** Scores a file's batch when the live queue is empty (analyzeSignal's detector calls land here). */
  runBackground(model: LoadedModel, windows: readonly Float32Array[]): Promise<WindowScore[]> {
    return new Promise((resolve, reject) => {
      this.background.push({ model, windows, resolve, reject });
      void this.pump();
    });
  }

  /** Forgets an owner's pending windows (connection closed), or one stream's. */
  cancel(owner: WindowOwner, streamId?: string): void {
    const keep: PendingWindow[] = [];
    for (const w of this.queue) {
      if (w.owner === owner && (streamId === undefined || w.streamId === streamId)) owner.pending--;
      else keep.push(w);
    }
    this.queue = keep;
    this.opts.metrics.wsPending.set(this.queue.length);
  }

  private dropOldest(match: (w: PendingWindow) => boolean): void {
    const i = this.queue.findIndex(match);
    if (i < 0) return;
    const [w] = this.queue.splice(i, 1);
    w!.owner.pending--;
    this.opts.metrics.dropped.inc();
    w!.owner.onDropped(w!);
  }

  private takeBatch(): PendingWindow[] {
    const model = this.queue[0]!.model;
    const batch: PendingWindow[] = [];
    const rest: PendingWindow[] = [];
    for (const w of this.queue) {
      if (w.model === model && batch.length < this.opts.maxBatch) batch.push(w);
      else rest.push(w);
    }
    this.queue = rest;
    for (const w of batch) w.owner.pending--;
    this.opts.metrics.wsPending.set(this.queue.length);
    return batch;
  }

  private async score(batch: PendingWindow[]): Promise<void> {
    const t0 = performance.now();
    const scores = await batch[0]!.model.detector.processBatch(batch.map((w) => w.samples));
    this.opts.metrics.inference.observe((performance.now() - t0) / 1000);
    this.opts.metrics.windows.inc({ source: 'stream' }, batch.length);
    batch.forEach((w, i) => w.owner.onScored(w, scores[i]!));
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length || this.background.length) {
        if (!this.queue.length) {
          const job = this.background.shift()!;
          await job.model.detector.processBatch(job.windows).then(job.resolve, job.reject);
          await yieldToLoop();
          continue;
        }
        const batch = this.takeBatch();
        try {
          await this.score(batch);
        } catch {
          // One bad window (e.g. a non-finite logit) fails the whole call: retry one by one
          // so only the window that fails is reported, not its neighbours from other streams.
          for (const w of batch) {
            try {
              await this.score([w]);
            } catch (err) {
              this.opts.log.error({ err, model: w.model.sidecar.name, stream: w.streamId }, 'stream inference failed');
              w.owner.onFailed(w, err);
            }
          }
        }
        // Let incoming frames be read between calls even if a run resolves synchronously.
        await yieldToLoop();
      }
    } finally {
      this.running = false;
    }
  }
}
