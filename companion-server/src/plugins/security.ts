import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ThrottledWarn } from '../logging/throttled-warn';
import type { ErrorResponse } from '../schemas/error-response';

export interface SecurityOptions {
  /** Exact origins allowed; empty = any browser-extension origin. */
  allowedOrigins: string[];
  /** Host names accepted besides the loopback names. */
  allowedHosts: string[];
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
const EXTENSION_ORIGIN = /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36})$/;

/** Host header minus an optional port, lower-cased; `[::1]:8765` → `[::1]`. */
export function hostName(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/i.exec(host.trim());
  return m?.[1]?.toLowerCase();
}

/** A peer on this machine: 127.0.0.0/8, ::1, or either mapped into IPv6. */
export function isLoopbackAddress(addr: string | undefined): boolean {
  if (!addr) return false;
  const a = addr.toLowerCase().replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

export function isExtensionOrigin(origin: string | undefined): origin is string {
  return origin !== undefined && EXTENSION_ORIGIN.test(origin);
}

export function originAllowed(origin: string | undefined, allowed: string[]): boolean {
  if (origin === undefined) return true; // CLI, curl: not a browser page
  return allowed.length ? allowed.includes(origin) : EXTENSION_ORIGIN.test(origin);
}

/**
 * Browser-facing defences, before routing and authentication:
 * - Host must name this machine (DNS rebinding: a web page whose name resolves to 127.0.0.1
 *   would otherwise be same-origin with the companion) → 421; a peer from another machine
 *   (HOST=0.0.0.0) must name one of the configured allowedHosts: "localhost" from the
 *   network is a lie;
 * - Origin, when present, must be an allowed extension origin: web pages are refused → 403;
 * - CORS headers and preflight answers for the allowed extension origins only.
 */
export default fp(
  async function security(app: FastifyInstance, opts: SecurityOptions) {
    const extraHosts = new Set(opts.allowedHosts.map((h) => h.toLowerCase()));
    const hosts = new Set([...LOOPBACK_HOSTS, ...extraHosts]);
    const deny = (reply: FastifyReply, status: number, body: ErrorResponse) => reply.code(status).send(body);
    const warn = new ThrottledWarn(() => app.log);

    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const host = hostName(req.headers.host);
      // No socket at all only for in-process callers (injectWS); a closed socket has no address and is refused.
      const socket = req.raw.socket as typeof req.raw.socket | undefined;
      const local = socket ? isLoopbackAddress(socket.remoteAddress) : true;
      if (!host || !(local ? hosts : extraHosts).has(host)) {
        app.metrics.refusedOrigins.inc({ kind: 'host' });
        warn.warn(`host:${req.ip}`, { host: req.headers.host?.slice(0, 200), ip: req.ip }, 'refused request for a foreign Host');
        return deny(reply, 421, { error: 'bad-host', message: 'The companion only answers requests addressed to localhost.' });
      }
      const origin = req.headers.origin;
      const pinned = opts.allowedOrigins.length ? undefined : app.originPin?.origin;
      if (pinned && origin !== undefined && origin !== pinned) {
        app.metrics.refusedOrigins.inc({ kind: 'unpinned-origin' });
        warn.warn(`pin:${origin}`, { origin: origin.slice(0, 200), pinned }, 'refused a request from an extension other than the paired one');
        return deny(reply, 403, {
          error: 'forbidden-origin',
          message: 'The companion is paired with another extension. To pair this one, restart it with `npm start -- --reset-origin`.',
        });
      }
      if (!originAllowed(origin, opts.allowedOrigins)) {
        app.metrics.refusedOrigins.inc({ kind: 'origin' });
        warn.warn(`origin:${origin}`, { origin: origin?.slice(0, 200), ip: req.ip }, 'refused request from a disallowed Origin');
        return deny(reply, 403, { error: 'forbidden-origin', message: 'This origin may not use the companion; only the Veracall extension may.' });
      }
      if (origin) {
        reply.header('access-control-allow-origin', origin);
        reply.header('vary', 'Origin');
      }
    });

    // Preflight: answered here for every path, before authentication (browsers send no token).
    app.options('/*', { config: { public: true } }, async (_req, reply) => {
      reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
      reply.header('access-control-allow-headers', 'authorization, content-type');
      reply.header('access-control-max-age', '600');
      return reply.code(204).send();
    });
  },
  { name: 'security', dependencies: ['metrics'] },
);
