import type { FastifyInstance } from 'fastify';
import type WebSocket from 'ws';
import { floatToInt16, int16ToBase64, PROTOCOL_VERSION, WS_PATH, type ServerMessage } from '../../../shared/index';
import { MODEL_SAMPLE_RATE } from '../../../shared/model/sample-rate';

/**
 * Records what a WebSocket receives and lets a test wait for a message that matches,
 * in arrival order, each message handed out once.
 */
export class WsProbe {
  readonly messages: ServerMessage[] = [];
  private taken = new Set<number>();
  private wake: (() => void)[] = [];
  closed?: { code: number; reason: string };

  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.messages.push(JSON.parse(d.toString()) as ServerMessage);
      this.wake.splice(0).forEach((f) => f());
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake.splice(0).forEach((f) => f());
    });
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  async next<T extends ServerMessage['type']>(
    type: T,
    match: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.messages.findIndex((m, k) => !this.taken.has(k) && m.type === type && match(m as Extract<ServerMessage, { type: T }>));
      if (i >= 0) {
        this.taken.add(i);
        return this.messages[i] as Extract<ServerMessage, { type: T }>;
      }
      if (this.closed) throw new Error(`closed (${this.closed.code}) before a ${type} message arrived`);
      if (Date.now() > deadline) throw new Error(`no ${type} message within ${timeoutMs} ms; got ${this.messages.map((m) => m.type).join(', ')}`);
      await new Promise<void>((r) => {
        this.wake.push(r);
        setTimeout(r, 50);
      });
    }
  }

  async close(): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + 5000;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    if (!this.closed) throw new Error('connection did not close');
    return this.closed;
  }

  of<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((m) => m.type === type) as Extract<ServerMessage, { type: T }>[];
  }
}

export function audioMessage(streamId: string, seq: number, samples: Float32Array, sampleRate = MODEL_SAMPLE_RATE) {
  return { v: PROTOCOL_VERSION, type: 'audio', streamId, seq, sampleRate, pcm: int16ToBase64(floatToInt16(samples)) };
}

export const hello = (token: string) => ({ v: PROTOCOL_VERSION, type: 'hello', token, client: 'test' });
export const start = (streamId: string, model?: string) => ({ v: PROTOCOL_VERSION, type: 'stream.start', streamId, ...(model ? { model } : {}) });
export const end = (streamId: string) => ({ v: PROTOCOL_VERSION, type: 'stream.end', streamId });

/** A WebSocket to the app through `injectWS` (no port), addressed to localhost. */
export async function openProbe(app: FastifyInstance, headers: Record<string, string> = {}): Promise<WsProbe> {
  let probe: WsProbe | undefined;
  // Listen from the start: the server may speak (and close) as soon as the socket opens.
  await app.injectWS(WS_PATH, { headers: { host: 'localhost:8765', ...headers } }, { onInit: (ws) => void (probe = new WsProbe(ws)) });
  return probe!;
}

/** An open probe that has said hello with `token` and received `ready`. */
export async function pairedProbe(app: FastifyInstance, token: string, headers: Record<string, string> = {}): Promise<WsProbe> {
  const p = await openProbe(app, headers);
  p.send(hello(token));
  await p.next('ready');
  return p;
}
