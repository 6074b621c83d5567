import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { CompanionError } from '../errors';
import type { ErrorResponse } from '../schemas/error-response';

const CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  406: 'not-multipart',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'too-many-requests',
};

/**
 * The one error handler: named failures answer `{ error, message }` with their status;
 * anything unexpected is logged with the request's context and answered with a 500 that
 * says nothing about internals.
 */
export default fp(
  async function errorHandler(app: FastifyInstance) {
    const uploadLimit = `${Math.round(app.config.maxUploadBytes / (1024 * 1024))} MB`;
    app.setErrorHandler((err: FastifyError | CompanionError, req, reply) => {
      let body: ErrorResponse;
      let status: number;
      if (err instanceof CompanionError) {
        status = err.statusCode;
        body = { error: err.code, message: err.message };
      } else if ('validation' in err && err.validation) {
        status = 400;
        body = { error: 'bad-request', message: err.message };
      } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        status = err.statusCode;
        body = { error: CODES[status] ?? 'bad-request', message: friendly(status, err, uploadLimit) };
      } else {
        req.log.error({ err, route: req.routeOptions.url }, 'request failed');
        status = 500;
        body = { error: 'internal', message: 'Internal error; the details are in the companion log.' };
      }
      if (status < 500) req.log.info({ status, error: body.error, route: req.routeOptions.url }, 'request rejected');
      return reply.code(status).send(body);
    });

    app.setNotFoundHandler((req, reply) =>
      reply.code(404).send({ error: 'not-found', message: `No route ${req.method} ${req.url.split('?')[0]}.` } satisfies ErrorResponse),
    );
  },
  { name: 'error-handler', dependencies: [] },
);

function friendly(status: number, err: FastifyError, uploadLimit: string): string {
  if (status === 413) return `The upload is larger than the ${uploadLimit} limit (or has too many files).`;
  if (status === 406 || err.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return 'Send the audio as multipart/form-data with a file field.';
  }
  return err.message;
}
