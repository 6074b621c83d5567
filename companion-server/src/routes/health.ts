import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '../../../shared/index';
import { COMPANION_VERSION } from '../version';
import { healthRouteSchema } from '../schemas/status-routes';

/** Liveness and what this companion can do; unauthenticated (it reveals no secrets) but Host-checked. */
export default async function healthRoutes(app: FastifyInstance) {
  app.get('/health', { schema: healthRouteSchema, config: { public: true } }, async () => {
    const { models } = app;
    return {
      status: models.size ? 'ok' : 'degraded',
      version: COMPANION_VERSION,
      protocol: PROTOCOL_VERSION,
      engine: models.engine,
      executionProvider: models.executionProvider,
      defaultModel: models.defaultName ?? null,
      models: models.list().map((m) => ({ name: m.sidecar.name, version: m.sidecar.version, engine: m.engine })),
      ...(models.size ? {} : { message: `No detector models loaded from ${models.dir}.` }),
      skipped: models.failures.map((f) => ({ file: f.file, reason: f.error })),
      uptimeS: Math.round(process.uptime()),
    };
  });
}
