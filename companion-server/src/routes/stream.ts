import type { FastifyInstance } from 'fastify';
import { WS_PATH, type ServerMessage } from '../../../shared/index';
import { StreamSession } from '../stream/stream-session';

/** Live scoring over WebSocket: see shared/protocol/companion-ws.ts. */
export default async function streamRoutes(app: FastifyInstance) {
  app.get(WS_PATH, { websocket: true }, (socket, req) => {
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
      session.dispose();
      req.log.info({ session: session.id, code }, 'stream connection closed');
    });
    socket.on('error', (err) => req.log.warn({ err, session: session.id }, 'stream socket error'));
  });
}
