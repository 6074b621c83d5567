import { Worker } from 'node:worker_threads';
import { AudioDecodeError, decodeAudio, type AudioErrorCode, type DecodedAudio, type DecodeOptions } from './decode-audio';
import type { WorkerReply } from './decode-worker';

interface Pending {
  resolve(d: DecodedAudio): void;
  reject(err: unknown): void;
  onProgress?: DecodeOptions['onProgress'];
}

/** The worker's bootstrap (registers tsx in the thread, then loads decode-worker.ts). */
export const DECODE_WORKER_ENTRY = new URL('./decode-worker-entry.mjs', import.meta.url);

/**
 * Decodes on one long-lived worker thread, in order of arrival. Where the worker cannot load,
 * it decodes in-process instead; `usedWorker` tells which happened last.
 */
export class OffThreadDecoder {
  private worker?: Worker;
  private unavailable = false;
  /** The current worker has answered once: it loads, so a later death is the file's doing. */
  private proven = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  usedWorker = false;

  constructor(private readonly entry: URL = DECODE_WORKER_ENTRY) {}

  async decode(bytes: Uint8Array, opts: DecodeOptions): Promise<DecodedAudio> {
    const worker = this.unavailable ? undefined : this.start();
    if (!worker) {
      this.usedWorker = false;
      return decodeAudio(bytes, opts);
    }
    const id = this.nextId++;
    const copy = new Uint8Array(bytes); // its own buffer, transferred to the worker
    return new Promise<DecodedAudio>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress: opts.onProgress });
      worker.postMessage({ id, bytes: copy, maxSeconds: opts.maxSeconds }, [copy.buffer]);
    }).catch((err: unknown) => {
      if (!(err instanceof WorkerUnavailable)) throw err;
      this.usedWorker = false;
      return decodeAudio(bytes, opts);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }

  private start(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const w = new Worker(this.entry);
      w.unref(); // an idle decoder never keeps the process alive
      w.on('message', (m: WorkerReply) => this.onReply(m));
      w.on('error', (err) => this.onWorkerGone(err));
      w.on('exit', () => this.onWorkerGone(new Error('decoder worker exited')));
      this.worker = w;
      this.proven = false;
      return w;
    } catch {
      this.unavailable = true;
      return undefined;
    }
  }

  private onReply(m: WorkerReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') return p.onProgress?.(m.done, m.total);
    this.pending.delete(m.id);
    this.usedWorker = true;
    this.proven = true;
    if (m.type === 'done') p.resolve({ samples: m.samples, sampleRate: 16000, source: m.source, nonFinite: m.nonFinite });
    else if (m.code) p.reject(new AudioDecodeError(m.code as AudioErrorCode, m.message));
    else p.reject(new Error(m.message));
  }

  /**
   * The worker died. One that never answered could not load: decode in-process from now on.
   * One that had worked died on a file (e.g. out of memory): fail what it held, and start
   * a fresh worker for the next file rather than risk the main process on it.
   */
  private onWorkerGone(err: unknown): void {
    if (!this.worker) return;
    this.worker = undefined;
    const loadFailure = !this.proven;
    if (loadFailure) this.unavailable = true;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(loadFailure ? new WorkerUnavailable(err) : new AudioDecodeError('undecodable', 'The decoder failed on this file.'));
    }
  }
}

class WorkerUnavailable extends Error {
  constructor(override readonly cause: unknown) {
    super('decoder worker unavailable');
  }
}
