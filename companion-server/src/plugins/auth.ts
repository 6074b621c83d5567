import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { WS_PATH } from '../../../shared/index';
import { tokenMatches } from '../pairing/token-store';

/**
 * Bearer-token check on every /v1/* REST call. The WebSocket route is exempt here because
 * browsers cannot set headers on a WebSocket: its first message, `hello`, carries the token.
 */
export default fp(
  async function auth(app: FastifyInstance) {
    app.addHook('onRequest', async (req, reply) => {
      const path = req.url.split('?')[0]!;
      if (!path.startsWith('/v1/') || path === WS_PATH || req.method === 'OPTIONS') return;
      const m = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '');
      if (!tokenMatches(m?.[1], app.pairingToken)) {
        reply.header('www-authenticate', 'Bearer realm="veracall-companion"');
        return reply.code(401).send({
          error: 'unauthorized',
          message: 'Missing or wrong pairing token: send "Authorization: Bearer <token>" (the token is in the companion config file).',
        });
      }
    });
  },
  { name: 'auth', dependencies: ['security'] },
);
