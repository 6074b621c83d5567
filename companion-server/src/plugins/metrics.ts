import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { CompanionMetrics } from '../metrics/metrics';

/** Counts every answered request by route pattern (not raw URL, to bound label values). */
export default fp(
  async function metrics(app: FastifyInstance) {
    app.decorate('metrics', new CompanionMetrics({ defaults: true }));
    app.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions.url ?? 'unmatched';
      app.metrics.requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    });
  },
  { name: 'metrics' },
);
