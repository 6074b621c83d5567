import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { WS_MAX_FRAME_BYTES } from '../../../shared/index';

/**
 * Frames up to 4 × the protocol limit reach the session, which answers an oversized one
 * with a non-fatal `frame-too-large` error; beyond that ws closes the connection (1009)
 * before buffering more.
 */
export const WS_HARD_MAX_PAYLOAD = 4 * WS_MAX_FRAME_BYTES;

export default fp(
  async function ws(app: FastifyInstance) {
    await app.register(websocket, { options: { maxPayload: WS_HARD_MAX_PAYLOAD, perMessageDeflate: false } });
  },
  { name: 'websocket' },
);
