import type { FastifyInstance } from 'fastify';
import { metricsRouteSchema } from '../schemas/status-routes';

/**
 * Prometheus scrape endpoint. It shows whether a call is being analysed, so it needs the
 * pairing token unless the user opted in to an open scrape (VERACALL_PUBLIC_METRICS=1).
 */
export default async function metricsRoutes(app: FastifyInstance) {
  app.get('/metrics', { schema: metricsRouteSchema, config: { public: app.config.publicMetrics } }, async (_req, reply) => {
    reply.type(app.metrics.contentType);
    return app.metrics.render();
  });
}
