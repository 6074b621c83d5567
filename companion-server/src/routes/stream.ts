import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION, WS_CLOSE, WS_PATH, type ServerMessage } from '../../../shared/index';
import { StreamSession } from '../stream/stream-session';

/** Live scoring over WebSocket: see shared/protocol/companion-ws.ts. */
export default async function streamRoutes(app: FastifyInstance) {
  let open = 0;
  app.get(WS_PATH, { websocket: true, config: { public: true } }, (socket, req) => {
    if (open >= app.config.ws.maxConnections) {
      const refusal: ServerMessage = { v: PROTOCOL_VERSION, type: 'error', code: 'rate-limited', message: 'Too many connections to the companion.', fatal: true };
      socket.send(JSON.stringify(refusal));
      socket.close(WS_CLOSE.overloaded, 'too many connections');
      return;
    }
    open++;
    const session = new StreamSession({
      transport: {
        send: (msg: ServerMessage) => socket.send(JSON.stringify(msg)),
        close: (code, reason) => socket.close(code, reason),
        get bufferedAmount() {
          return socket.bufferedAmount;
        },
      },
      models: app.models,
      scheduler: app.scheduler,
      metrics: app.metrics,
      limits: app.config.ws,
      token: app.pairingToken,
      log: req.log,
    });
    req.log.info({ session: session.id }, 'stream connection opened');
    socket.on('message', (data, isBinary) => session.onFrame(data, isBinary));
    socket.on('close', (code) => {
      open--;
      session.dispose();
      req.log.info({ session: session.id, code }, 'stream connection closed');
    });
    socket.on('error', (err) => req.log.warn({ err, session: session.id }, 'stream socket error'));
  });
}
