/**
 * Worker-thread entry: decodes one file at a time for the main thread (see
 * decode-off-thread.ts), so a long decode never stalls live streams. Messages in: { id, bytes, maxSeconds, maxDecodedSamples }; out: progress, done, failed.
 */
import { parentPort } from 'node:worker_threads';
import { AudioDecodeError, decodeAudio } from './decode-audio';

export type WorkerRequest = { id: number; bytes: Uint8Array; maxSeconds: number; maxDecodedSamples?: number };
export type WorkerReply =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'done'; samples: Float32Array; source: { sampleRate: number; channels: number; format: string }; nonFinite: number }
  | { id: number; type: 'failed'; code?: string; message: string };

const port = parentPort!;
port.on('message', async ({ id, bytes, maxSeconds, maxDecodedSamples }: WorkerRequest) => {
  const reply = (m: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  try {
    const d = await decodeAudio(bytes, { maxSeconds, maxDecodedSamples, onProgress: (done, total) => reply({ id, type: 'progress', done, total }) });
    reply({ id, type: 'done', samples: d.samples, source: d.source, nonFinite: d.nonFinite }, [d.samples.buffer as ArrayBuffer]);
  } catch (err) {
    reply({ id, type: 'failed', code: err instanceof AudioDecodeError ? err.code : undefined, message: err instanceof Error ? err.message : String(err) });
  }
});
