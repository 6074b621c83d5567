import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** Starts `app` on a free loopback port (for tests whose bug lives in the socket layer). */
export async function listenLoopback(app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr !== 'object') throw new Error('not listening');
  return addr.port;
}

/**
 * A raw TCP client that sends request headers and part of a body and then stalls, as a
 * client that never finishes its upload does. `answer` resolves with what came back.
 */
export function stalledUpload(port: number, path: string, headers: Record<string, string>, body: Buffer, declaredLength = body.length + 1_000_000) {
  const socket: Socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (d) => chunks.push(d));
  socket.on('error', () => {});
  const answer = new Promise<string>((r) => socket.on('close', () => r(Buffer.concat(chunks).toString('latin1'))));
  const firstData = new Promise<string>((r) => socket.once('data', (d: Buffer) => r(d.toString('latin1'))));
  const head = [`POST ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, `Content-Length: ${declaredLength}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
  socket.write(head);
  socket.write(body);
  return { socket, answer, firstData, close: () => socket.destroy() };
}

/** Polls `check` until it holds or `timeoutMs` passes. */
export async function waitFor(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
