import { Worker } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-common';
import { Tensor } from 'onnxruntime-node';
import type { OrtRuntime } from '../../../shared/index';

/** The worker that owns the sessions (plain JS: no loader needed in the thread). */
export const ORT_WORKER_ENTRY = new URL('./ort-worker-thread.mjs', import.meta.url);

type Reply = { id: number; error?: string; inputNames?: string[]; outputNames?: string[]; outputs?: Record<string, WireTensor> };
interface WireTensor {
  type: Tensor.Type;
  dims: readonly number[];
  data: Tensor.DataType;
}

export class InferenceWorkerError extends Error {
  override name = 'InferenceWorkerError';
}

/**
 * An onnxruntime namespace whose sessions live on one worker thread. onnxruntime-node runs
 * a session synchronously on the calling thread (inside a setImmediate): on the main thread
 * a 16-window batch held the event loop for 60-170 ms, and under a WebSocket flood /health
 * waited behind call after call. Here the main thread only posts the input tensor (its
 * buffer moved, not copied) and awaits the logits; calls are served one at a time, in order.
 * Shared by every model of a registry; `close()` ends the thread.
 */
export class OffThreadOrt implements OrtRuntime {
  readonly Tensor = Tensor;
  readonly InferenceSession = { create: (bytes: Uint8Array, options?: InferenceSession.SessionOptions) => this.create(bytes, options) };
  private worker?: Worker;
  private readonly pending = new Map<number, { resolve(r: Reply): void; reject(e: Error): void }>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly entry: URL = ORT_WORKER_ENTRY) {}

  /** Calls waiting for the worker (tests, metrics). */
  get inFlight(): number {
    return this.pending.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = undefined;
    this.failAll(new InferenceWorkerError('the inference worker was closed'));
    await w?.terminate();
  }

  private async create(bytes: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession> {
    const copy = new Uint8Array(bytes); // its own buffer, moved to the worker
    const id = this.nextId++; // the session's id in the worker
    const r = await this.call({ type: 'create', bytes: copy, options }, [copy.buffer], id);
    return {
      inputNames: r.inputNames!,
      outputNames: r.outputNames!,
      run: async (feeds: Record<string, Tensor>) => {
        const wire: Record<string, WireTensor> = {};
        const transfer: ArrayBuffer[] = [];
        for (const [name, t] of Object.entries(feeds)) {
          const data = t.data as Float32Array;
          // Move the buffer when the tensor owns all of it (the detector's fresh [batch, window] array); copy otherwise.
          const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && !(data.buffer instanceof SharedArrayBuffer);
          const sent = own ? data : data.slice();
          wire[name] = { type: t.type, dims: t.dims, data: sent };
          transfer.push(sent.buffer as ArrayBuffer);
        }
        const out = await this.call({ type: 'run', session: id, feeds: wire }, transfer);
        const tensors: Record<string, Tensor> = {};
        for (const [name, t] of Object.entries(out.outputs!)) tensors[name] = new Tensor(t.type, t.data as never, t.dims);
        return tensors;
      },
      release: async () => {
        // A worker that is gone took the session with it.
        if (this.worker && !this.closed) await this.call({ type: 'release', session: id }).catch(() => {});
      },
    } as unknown as InferenceSession;
  }

  private call(msg: Record<string, unknown>, transfer: ArrayBuffer[] = [], id = this.nextId++): Promise<Reply> {
    if (this.closed) return Promise.reject(new InferenceWorkerError('the inference worker was closed'));
    const w = this.thread();
    return new Promise<Reply>((resolve, reject) => {
      if (this.pending.size === 0) w.ref(); // a call in flight keeps the process alive (the CLI awaits it)
      this.pending.set(id, { resolve, reject });
      w.postMessage({ ...msg, id }, transfer);
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.entry);
    w.unref();
    w.on('message', (r: Reply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (this.pending.size === 0) w.unref();
      if (r.error !== undefined) p.reject(new InferenceWorkerError(r.error));
      else p.resolve(r);
    });
    const gone = (err?: unknown) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      // Its sessions died with it: later calls on them fail by name rather than hang.
      this.closed = true;
      this.failAll(new InferenceWorkerError(`the inference worker stopped${err instanceof Error ? `: ${err.message}` : ''}`));
    };
    w.on('error', gone);
    w.on('exit', () => gone());
    this.worker = w;
    return w;
  }

  private failAll(err: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(err);
  }
}
