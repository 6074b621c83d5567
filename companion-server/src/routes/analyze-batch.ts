import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION, type BatchResult } from '../../../shared/index';
import { pickModel } from '../analysis/analyze-file';
import { CompanionError } from '../errors';
import { parseAnalyzeOptions } from '../schemas/analyze-options';
import { analyzeRouteSchema, fieldValues, readingMultipart, refuseDeclaredOversize, requestSignal, requireMultipart, scoreUpload } from './analyze';

/**
 * Several files in one multipart request, scored one after another as they arrive; a file
 * that cannot be decoded is reported in its entry and the others still run. Options come
 * from the query string (or fields sent before the first file).
 */
export default async function analyzeBatchRoutes(app: FastifyInstance) {
  app.post('/v1/analyze/batch', { schema: analyzeRouteSchema, onRequest: refuseDeclaredOversize(app) }, async (req, reply) => {
    requireMultipart(req);
    const signal = requestSignal(app, reply);
    await app.analysisSlots.acquire(signal); // released with the response, or when the client leaves
    const results: BatchResult['results'] = [];
    const fields: Record<string, string> = {};
    let total = 0;
    let opts: ReturnType<typeof parseAnalyzeOptions> | undefined;
    const parts = req.parts()[Symbol.asyncIterator]();
    for (;;) {
      const next = await readingMultipart(() => parts.next());
      if (next.done) break;
      const part = next.value;
      if (part.type === 'field') {
        Object.assign(fields, fieldValues({ [part.fieldname]: part }));
        continue;
      }
      opts ??= parseAnalyzeOptions({ ...fields, ...(req.query as object) });
      pickModel(app.models, opts.model);
      const bytes = await readingMultipart(() => part.toBuffer());
      total += bytes.length;
      if (total > app.config.maxUploadBytes) {
        throw new CompanionError(413, 'payload-too-large', `The files together exceed the ${Math.round(app.config.maxUploadBytes / 2 ** 20)} MB limit.`);
      }
      const file = part.filename || `file-${results.length + 1}`;
      try {
        results.push({ ok: true, result: await scoreUpload(app, bytes, file, opts, { signal }) });
      } catch (err) {
        if (!(err instanceof CompanionError) || err.statusCode >= 500) throw err;
        results.push({ ok: false, file, error: err.message });
      }
    }
    if (!results.length) throw new CompanionError(400, 'no-file', 'The request has no file parts.');
    return { v: PROTOCOL_VERSION, results } satisfies BatchResult;
  });
}
