import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ThrottledWarn } from '../logging/throttled-warn';
import { tokenMatches } from '../pairing/token-store';
import { isExtensionOrigin } from './security';
import { RateLimiter } from '../stream/rate-limiter';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Answered without the pairing token. Every route needs the token unless it says so:
     * the decision is made on the matched route, never on the URL text, so percent-encoded
     * paths (`/%76%31/models`) cannot slip past it.
     */
    public?: boolean;
  }
}

/** Failed token checks allowed in a burst, then one a second; beyond that 429. */
const FAILURE_BURST = 20;

/**
 * Bearer-token check on every route not marked `config: { public: true }`, unmatched paths
 * included (deny by default). The WebSocket route is public here because browsers cannot set
 * headers on a WebSocket: its first message, `hello`, carries the token.
 */
export default fp(
  async function auth(app: FastifyInstance) {
    const failures = new RateLimiter(1, FAILURE_BURST);
    const warn = new ThrottledWarn(() => app.log);

    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      if (req.routeOptions.config?.public === true) return;
      const m = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '');
      if (tokenMatches(m?.[1], app.pairingToken)) {
        if (isExtensionOrigin(req.headers.origin)) app.originPin?.pin(req.headers.origin);
        return;
      }
      app.metrics.authFailures.inc({ kind: 'rest' });
      warn.warn(
        `token:${req.ip}`,
        { ip: req.ip, route: req.routeOptions.url ?? 'unmatched', origin: req.headers.origin, presented: Boolean(m) },
        'refused a request without a valid pairing token',
      );
      if (!failures.take()) {
        reply.header('retry-after', '1');
        return reply.code(429).send({ error: 'too-many-requests', message: 'Too many requests with a wrong pairing token; wait a moment.' });
      }
      reply.header('www-authenticate', 'Bearer realm="veracall-companion"');
      return reply.code(401).send({
        error: 'unauthorized',
        message: 'Missing or wrong pairing token: send "Authorization: Bearer <token>" (the token is in the companion config file).',
      });
    });
  },
  { name: 'auth', dependencies: ['security', 'metrics'] },
);
