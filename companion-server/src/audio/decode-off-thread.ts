import { Worker } from 'node:worker_threads';
import { AudioDecodeError, decodeAudio, type AudioErrorCode, type DecodedAudio, type DecodeOptions } from './decode-audio';
import type { WorkerReply } from './decode-worker';
import { MODEL_SAMPLE_RATE } from '../../../shared/model/sample-rate';

/** The worker's bootstrap (registers tsx in the thread, then loads decode-worker.ts). */
export const DECODE_WORKER_ENTRY = new URL('./decode-worker-entry.mjs', import.meta.url);

/**
 * The worker's JS heap; decoded audio lives in ArrayBuffers outside it, bounded by the
 * decoder's output budget (see decode-audio.ts). A worker past this is killed and its
 * file refused.
 */
export const DECODE_WORKER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 };

export interface OffThreadOptions {
  /** Idle workers kept for the next files (one per concurrent analysis is enough). */
  maxIdle?: number;
  /**
   * Longest decode allowed; past it the worker is terminated: one decoder call cannot be
   * interrupted otherwise (an MP4's whole track, when its index cannot be moved first).
   */
  timeoutMs?: number;
}

/** A 30-minute MP3 decodes in well under a minute on two busy cores. */
export const DEFAULT_DECODE_TIMEOUT_MS = 180_000;

/**
 * Decodes each file on its own worker thread (taken from a small pool of idle ones), so a
 * slow or hostile file never delays another upload, and a decode whose client went away
 * is stopped by terminating its worker, which also returns the decoder's memory. Where
 * no worker can load, it decodes in-process instead; `usedWorker` tells which happened last.
 */
export class OffThreadDecoder {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private unavailable = false;
  /** A worker has answered once: they load, so a later death is the file's doing. */
  private proven = false;
  private nextId = 1;
  private closed = false;
  usedWorker = false;

  constructor(
    private readonly entry: URL = DECODE_WORKER_ENTRY,
    private readonly opts: OffThreadOptions = {},
  ) {}

  /** Workers decoding now (tests). */
  get active(): number {
    return this.busy.size;
  }

  async decode(bytes: Uint8Array, opts: DecodeOptions): Promise<DecodedAudio> {
    if (opts.signal?.aborted) throw new AudioDecodeError('cancelled', 'The analysis was cancelled.');
    const worker = this.unavailable || this.closed ? undefined : this.take();
    if (!worker) return this.inProcess(bytes, opts);
    try {
      const d = await this.run(worker, bytes, opts);
      this.give(worker);
      return d;
    } catch (err) {
      this.busy.delete(worker);
      void worker.terminate(); // a failed, cancelled or over-budget decode leaves nothing behind
      if (!(err instanceof WorkerUnavailable)) throw err;
      return this.inProcess(bytes, opts);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle.splice(0), ...this.busy];
    this.busy.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }

  private inProcess(bytes: Uint8Array, opts: DecodeOptions): Promise<DecodedAudio> {
    this.usedWorker = false;
    return decodeAudio(bytes, opts);
  }

  private take(): Worker | undefined {
    let w = this.idle.pop();
    if (!w) {
      try {
        w = new Worker(this.entry, { resourceLimits: DECODE_WORKER_LIMITS });
        w.unref(); // an idle decoder never keeps the process alive
      } catch {
        this.unavailable = true;
        return undefined;
      }
    }
    this.busy.add(w);
    return w;
  }

  private give(w: Worker): void {
    this.busy.delete(w);
    if (!this.closed && this.idle.length < (this.opts.maxIdle ?? 2)) this.idle.push(w);
    else void w.terminate();
  }

  private run(w: Worker, bytes: Uint8Array, opts: DecodeOptions): Promise<DecodedAudio> {
    const id = this.nextId++;
    const copy = new Uint8Array(bytes); // its own buffer, transferred to the worker
    return new Promise<DecodedAudio>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new AudioDecodeError('decode-timeout', 'Decoding this file took too long; convert it to WAV, FLAC or MP3 and try again.'));
      }, this.opts.timeoutMs ?? DEFAULT_DECODE_TIMEOUT_MS);
      const cleanup = () => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onGone);
        w.off('exit', onGone);
        opts.signal?.removeEventListener('abort', onAbort);
      };
      const onMessage = (m: WorkerReply) => {
        if (m.id !== id) return;
        this.proven = true;
        if (m.type === 'progress') return opts.onProgress?.(m.done, m.total);
        cleanup();
        this.usedWorker = true;
        if (m.type === 'done') resolve({ samples: m.samples, sampleRate: MODEL_SAMPLE_RATE, source: m.source, nonFinite: m.nonFinite });
        else if (m.code) reject(new AudioDecodeError(m.code as AudioErrorCode, m.message));
        else reject(new Error(m.message));
      };
      const onGone = (err?: unknown) => {
        cleanup();
        if (!this.proven) {
          this.unavailable = true;
          return reject(new WorkerUnavailable(err));
        }
        const oom = (err as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
        reject(
          oom
            ? new AudioDecodeError('audio-too-large', 'Decoding this file needed more memory than the companion allows.')
            : new AudioDecodeError('undecodable', 'The decoder failed on this file.'),
        );
      };
      const onAbort = () => {
        cleanup();
        reject(new AudioDecodeError('cancelled', 'The analysis was cancelled.'));
      };
      w.on('message', onMessage);
      w.once('error', onGone);
      w.once('exit', onGone);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      w.postMessage({ id, bytes: copy, maxSeconds: opts.maxSeconds, maxDecodedSamples: opts.maxDecodedSamples }, [copy.buffer]);
    });
  }
}

class WorkerUnavailable extends Error {
  constructor(override readonly cause: unknown) {
    super('decoder worker unavailable');
  }
}
