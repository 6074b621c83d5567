import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROTOCOL_VERSION, type AnalysisEvent, type AnalysisProgress, type AnalysisResult } from '../../../shared/index';
import { analyzeFile, pickModel } from '../analysis/analyze-file';
import { toCompanionError } from '../analysis/to-companion-error';
import { badMultipart, CompanionError } from '../errors';
import { parseAnalyzeOptions, type AnalyzeOptions } from '../schemas/analyze-options';
import { errorResponseJsonSchema } from '../schemas/error-response';

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

/** Multipart overhead allowed on top of the upload limit in a declared Content-Length. */
const MULTIPART_SLACK = 64 * 1024;

/** onRequest: a declared Content-Length over the limit is refused at once, before any byte is read. */
export function refuseDeclaredOversize(app: FastifyInstance) {
  return async (req: FastifyRequest) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > app.config.maxUploadBytes + MULTIPART_SLACK) {
      throw new CompanionError(413, 'payload-too-large', `The upload is larger than the ${Math.round(app.config.maxUploadBytes / 2 ** 20)} MB limit.`);
    }
  };
}

/**
 * Runs a step that reads the multipart body. The parser (busboy) fails with plain Errors
 * on a malformed or truncated body: the client's fault, so 400 rather than a 500 with a
 * stack. HTTP errors (413 from the size limit) and our own pass through.
 */
export async function readingMultipart<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof CompanionError || (err as { statusCode?: number }).statusCode) throw err;
    throw badMultipart();
  }
}

/** Route schema: options come in the query string (or as form fields before the file); values are checked by parseAnalyzeOptions, which names the bad one. */
export const analyzeRouteSchema = {
  querystring: {
    type: 'object',
    properties: {
      model: { type: 'string', maxLength: 64 },
      preset: { type: 'string', maxLength: 32 },
      threshold: { type: 'string', maxLength: 32 },
      progress: { type: 'string', maxLength: 8 },
    },
    additionalProperties: false,
  },
  response: { '4xx': errorResponseJsonSchema, '5xx': errorResponseJsonSchema },
} as const;

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
    const raw = reply.raw.req.socket as Partial<Socket> | undefined;
    const socket = typeof raw?.destroy === 'function' ? (raw as Socket) : undefined; // inject() has a stand-in
    if (socket) app.openUploads.add(socket);
    reply.raw.once('close', () => {
      if (socket) app.openUploads.delete(socket);
      ac.abort();
    });
  }
  return ac.signal;
}

export default async function analyzeRoutes(app: FastifyInstance) {
  app.post('/v1/analyze', { schema: analyzeRouteSchema, onRequest: refuseDeclaredOversize(app) }, async (req, reply) => {
    requireMultipart(req);
    const signal = requestSignal(app, reply);
    // Released when the answer is done (including a streamed one), on any failure, or when the client leaves.
    await app.analysisSlots.acquire(signal);
    const part = await readingMultipart(() => req.file());
    if (!part) throw new CompanionError(400, 'no-file', 'The request has no file part.');
    const bytes = await readingMultipart(() => part.toBuffer()); // in memory only; 413 past the upload limit
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
