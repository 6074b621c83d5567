import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROTOCOL_VERSION, type AnalysisEvent, type AnalysisProgress, type AnalysisResult } from '../../../shared/index';
import { analyzeFile, pickModel } from '../analysis/analyze-file';
import { toCompanionError } from '../analysis/to-companion-error';
import { CompanionError } from '../errors';
import { parseAnalyzeOptions, type AnalyzeOptions } from '../schemas/analyze-options';

/** Form fields sent before the file part (later ones cannot be seen before the file is read). */
export function fieldValues(fields: MultipartFile['fields'] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, f] of Object.entries(fields ?? {})) {
    const one = Array.isArray(f) ? f[0] : f;
    if (one && one.type === 'field' && typeof one.value === 'string') out[k] = one.value;
  }
  return out;
}

export function requireMultipart(req: FastifyRequest): void {
  if (!req.isMultipart()) throw new CompanionError(415, 'not-multipart', 'Send the audio as multipart/form-data with a "file" field.');
}

/** Scores one file; records the outcome in the metrics; maps named failures to 4xx. */
export async function scoreUpload(app: FastifyInstance, bytes: Uint8Array, name: string | undefined, o: AnalyzeOptions, extra: {
  onProgress?: (p: AnalysisProgress) => void;
  signal?: AbortSignal;
} = {}): Promise<AnalysisResult> {
  try {
    const result = await analyzeFile(app.models, bytes, {
      ...o,
      ...extra,
      fileName: name?.slice(0, 512),
      maxSeconds: app.config.maxAudioSeconds,
      runBatch: (model, windows) => app.scheduler.runBackground(model, windows),
      decode: (b, d) => app.decoder.decode(b, d),
    });
    app.metrics.analyses.inc({ outcome: 'ok' });
    app.metrics.windows.inc({ source: 'file' }, result.timeline.filter((w) => w.pSpoof !== null).length);
    return result;
  } catch (err) {
    let named: CompanionError;
    try {
      named = toCompanionError(err);
    } catch (unnamed) {
      app.metrics.analyses.inc({ outcome: 'error' });
      throw unnamed;
    }
    app.metrics.analyses.inc({ outcome: named.code === 'cancelled' ? 'cancelled' : 'rejected' });
    throw named;
  }
}

/**
 * Aborts when the response is over: answered, or the client went away (even while the
 * request waits for a slot or its body is still arriving). Registered before anything can
 * wait, so no disconnect is missed; the analysis slot, the decoder and the scoring all stop on it.
 */
export function requestSignal(app: FastifyInstance, reply: FastifyReply): AbortSignal {
  const ac = new AbortController();
  if (reply.raw.destroyed || reply.raw.writableFinished) ac.abort();
  else {
    // Shutdown cuts uploads still in progress instead of waiting for a stalled client.
    const socket = reply.raw.req.socket as Socket | undefined;
    if (socket) app.openUploads.add(socket);
    reply.raw.once('close', () => {
      if (socket) app.openUploads.delete(socket);
      ac.abort();
    });
  }
  return ac.signal;
}

export default async function analyzeRoutes(app: FastifyInstance) {
  app.post('/v1/analyze', async (req, reply) => {
    requireMultipart(req);
    const signal = requestSignal(app, reply);
    // Released when the answer is done (including a streamed one), on any failure, or when the client leaves.
    await app.analysisSlots.acquire(signal);
    const part = await req.file();
    if (!part) throw new CompanionError(400, 'no-file', 'The request has no file part.');
    const bytes = await part.toBuffer(); // in memory only; 413 past the upload limit
    const opts = parseAnalyzeOptions({ ...fieldValues(part.fields), ...(req.query as object) });
    pickModel(app.models, opts.model); // 503 / 400 before any streaming starts
    if (!opts.progress) return scoreUpload(app, bytes, part.filename, opts, { signal });

    // NDJSON: progress lines, then one result or error line. The status is 200 once streaming starts.
    const out = new PassThrough();
    const line = (e: AnalysisEvent) => out.write(JSON.stringify(e) + '\n');
    void scoreUpload(app, bytes, part.filename, opts, { signal, onProgress: line })
      .then((result) => line({ v: PROTOCOL_VERSION, type: 'result', result }))
      .catch((err: unknown) => {
        const message = err instanceof CompanionError ? err.message : 'Internal error; the details are in the companion log.';
        if (!(err instanceof CompanionError)) req.log.error({ err }, 'streamed analysis failed');
        line({ v: PROTOCOL_VERSION, type: 'error', error: message });
      })
      .finally(() => out.end());
    return reply.type('application/x-ndjson').send(out);
  });
}
