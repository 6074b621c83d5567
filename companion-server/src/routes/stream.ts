import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION, WS_CLOSE, WS_PATH, type ServerMessage } from '../../../shared/index';
import { ThrottledWarn } from '../logging/throttled-warn';
import { isExtensionOrigin } from '../plugins/security';
import { RateLimiter } from '../stream/rate-limiter';
import { AUDIO_BYTES_PER_STREAM_SECOND } from '../stream/frame-limits';
import { StreamSession } from '../stream/stream-session';

/**
 * Live scoring over WebSocket: see shared/protocol/companion-ws.ts. Paired connections and
 * connections still waiting for hello are capped apart, so sockets that never authenticate
 * cannot crowd out the paired extension: past the unpaired cap the oldest unpaired socket
 * is closed to make room (the extension says hello within milliseconds of connecting).
 */
export default async function streamRoutes(app: FastifyInstance) {
  const { ws: limits } = app.config;
  let paired = 0;
  /** Sockets waiting for hello, oldest first (a Set keeps insertion order). */
  const unpaired = new Set<{ evict(): void }>();
  const perSecond = limits.globalAudioStreams * AUDIO_BYTES_PER_STREAM_SECOND;
  const globalAudio = new RateLimiter(perSecond, perSecond * 2);
  const warn = new ThrottledWarn(() => app.log);

  app.get(WS_PATH, { websocket: true, config: { public: true } }, (socket, req) => {
    const refuse = (message: string) => {
      const refusal: ServerMessage = { v: PROTOCOL_VERSION, type: 'error', code: 'rate-limited', message, fatal: true };
      socket.send(JSON.stringify(refusal));
      socket.close(WS_CLOSE.overloaded, 'too many connections');
    };
    if (unpaired.size >= limits.maxUnauthenticated) {
      warn.warn('ws-unpaired-cap', { ip: req.ip, unpaired: unpaired.size }, 'closing the oldest WebSocket still waiting for hello: too many');
      const oldest = unpaired.values().next().value!;
      unpaired.delete(oldest);
      oldest.evict();
    }
    const slot = { evict: () => refuse('Closed: too many connections waiting for hello.') };
    unpaired.add(slot);
    let isPaired = false;
    const session = new StreamSession({
      transport: {
        send: (msg: ServerMessage) => socket.send(JSON.stringify(msg)),
        close: (code, reason) => socket.close(code, reason),
        get bufferedAmount() {
          return socket.bufferedAmount;
        },
        holdReading: (ms) => {
          if (socket.isPaused || socket.readyState !== socket.OPEN) return;
          socket.pause();
          setTimeout(() => socket.readyState === socket.OPEN && socket.resume(), ms).unref();
        },
      },
      models: app.models,
      scheduler: app.scheduler,
      metrics: app.metrics,
      limits,
      token: app.pairingToken,
      log: req.log,
      globalAudio,
      ingest: app.ingest,
      admit: () => {
        if (paired >= limits.maxConnections) return false;
        unpaired.delete(slot);
        paired++;
        isPaired = true;
        if (isExtensionOrigin(req.headers.origin)) app.originPin?.pin(req.headers.origin);
        return true;
      },
      onAuthFailure: () => {
        app.metrics.authFailures.inc({ kind: 'ws' });
        warn.warn(`ws-token:${req.ip}`, { ip: req.ip, origin: req.headers.origin }, 'refused a WebSocket hello with a wrong pairing token');
      },
    });
    req.log.debug({ session: session.id }, 'stream connection opened');
    socket.on('message', (data, isBinary) => session.onFrame(data, isBinary));
    socket.on('close', (code) => {
      if (isPaired) paired--;
      else unpaired.delete(slot);
      session.dispose();
      req.log.info({ session: session.id, code, paired: isPaired }, 'stream connection closed');
    });
    socket.on('error', (err) => req.log.warn({ err, session: session.id }, 'stream socket error'));
  });
}
