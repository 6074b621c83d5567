import { CompanionError } from '../errors';

interface Waiter {
  grant(): void;
  refuse(err: unknown): void;
}

/**
 * Admission control for file analyses: at most `concurrent` run at once (two cores; more
 * only multiplies memory), up to `queued` more wait their turn, and beyond that the
 * request is refused with 503 before its upload is read into memory.
 *
 * A waiter whose client goes away (its `signal` aborts) leaves the queue at once, and a
 * slot granted to an aborted request is handed straight on: otherwise a client that
 * disconnects while queued would keep a slot for ever.
 */
export class AnalysisSlots {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly concurrent: number,
    private readonly queued: number,
  ) {}

  /** Analyses running now and waiting (for tests and metrics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw cancelled();
    if (this.running < this.concurrent) {
      this.running++;
      return this.releaser(signal);
    }
    if (this.waiting.length >= this.queued) {
      throw new CompanionError(503, 'busy', 'The companion is busy with other analyses; try again in a moment.');
    }
    await new Promise<void>((resolve, reject) => {
      const w: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        refuse: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(w);
        if (i >= 0) this.waiting.splice(i, 1);
        w.refuse(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(w);
    });
    return this.releaser(signal);
  }

  /** Refuses every waiter (shutdown): nobody waits for a slot that will never come. */
  close(): void {
    for (const w of this.waiting.splice(0)) w.refuse(new CompanionError(503, 'shutting-down', 'The companion is shutting down.'));
  }

  /** The slot's release; it also runs by itself when the request's signal aborts. */
  private releaser(signal?: AbortSignal): () => void {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      signal?.removeEventListener('abort', release);
      const next = this.waiting.shift();
      if (next) next.grant(); // the slot passes straight to the next request
      else this.running--;
    };
    signal?.addEventListener('abort', release, { once: true });
    return release;
  }
}

const cancelled = () => new CompanionError(400, 'cancelled', 'The request was cancelled by the client.');
