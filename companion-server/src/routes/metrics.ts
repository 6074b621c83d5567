import type { FastifyInstance } from 'fastify';

/** Prometheus scrape endpoint (text exposition format). Host-checked like everything else. */
export default async function metricsRoutes(app: FastifyInstance) {
  app.get('/metrics', async (_req, reply) => {
    reply.type('text/plain; version=0.0.4; charset=utf-8');
    return app.metrics.render();
  });
}
