import { PROTOCOL_VERSION, safeParseWith } from '../../shared/protocol/common';
import { serverMessageSchema, WS_PATH, WS_SAMPLE_RATE, type ClientMessage, type ServerMessage } from '../../shared/protocol/companion-ws';
import { createLogger } from '../logger';

const log = createLogger('companion');

export interface CompanionEvents {
  onScore(streamId: string, start: number, end: number, pSpoof: number, engine: string): void;
  /** Connection state changed; `engine` is the companion's engine label when connected. */
  onState(state: 'connecting' | 'connected' | 'down', engine?: string): void;
}

/** ws://host:port[/v1/stream] from what the user typed (http(s) URLs are accepted too). */
export function streamUrl(url: string): string {
  const u = new URL(url);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  if (u.protocol === 'https:') u.protocol = 'wss:';
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new Error('companion URL must start with ws://, wss://, http:// or https://');
  if (u.pathname === '/' || u.pathname === '') u.pathname = WS_PATH;
  return u.toString();
}

/** Opens a paired socket: resolves with the `ready` message, rejects with a short reason. */
export function connectCompanion(url: string, token: string, timeoutMs = 4000): Promise<{ ws: WebSocket; ready: Extract<ServerMessage, { type: 'ready' }> }> {
  return new Promise((resolve, reject) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(streamUrl(url));
    } catch (e) {
      reject(new Error(e instanceof Error ? e.message : 'bad companion URL'));
      return;
    }
    const timer = setTimeout(() => fail('the companion did not answer in time'), timeoutMs);
    function fail(msg: string) {
      clearTimeout(timer);
      try {
        ws.close();
      } catch {}
      reject(new Error(msg));
    }
    ws.onopen = () => ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'hello', token, client: 'veracall-extension' } satisfies ClientMessage));
    ws.onerror = () => fail('cannot reach the companion at this URL');
    ws.onclose = (e) => fail(e.code === 4401 ? 'the companion refused the pairing token' : `connection closed (${e.code})`);
    ws.onmessage = (e) => {
      const m = safeParseWith(serverMessageSchema, safeJson(e.data));
      if (!m.ok) return fail(`unexpected answer from the companion: ${m.error}`);
      if (m.value.type === 'ready') {
        clearTimeout(timer);
        ws.onclose = ws.onerror = ws.onmessage = null;
        resolve({ ws, ready: m.value });
      } else if (m.value.type === 'error') fail(m.value.message);
    };
  });
}

function safeJson(d: unknown): unknown {
  try {
    return typeof d === 'string' ? JSON.parse(d) : null;
  } catch {
    return null;
  }
}

/**
 * The live companion session: one socket for all streams. Any close or error reports
 * "down"; the owner falls back to the in-browser engine and may reconnect later.
 */
export class CompanionSession {
  private ws: WebSocket | null = null;
  private engine = 'companion';
  private seq = new Map<string, number>();

  constructor(private readonly events: CompanionEvents) {}

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  async open(url: string, token: string): Promise<void> {
    this.close();
    this.events.onState('connecting');
    const { ws, ready } = await connectCompanion(url, token);
    this.ws = ws;
    this.engine = `companion · ${ready.engine} · ${ready.models.find((m) => m.name === ready.defaultModel)?.displayName ?? ready.defaultModel}`;
    ws.onmessage = (e) => this.onMessage(e.data);
    ws.onclose = ws.onerror = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      log.warn('companion connection lost; falling back to the in-browser model');
      this.events.onState('down');
    };
    this.events.onState('connected', this.engine);
  }

  startStream(streamId: string, label?: string): void {
    this.seq.set(streamId, 0);
    this.send({ v: PROTOCOL_VERSION, type: 'stream.start', streamId, label: label?.slice(0, 128) });
  }

  /** base64 Int16 16 kHz, as received from the content script. */
  audio(streamId: string, pcm: string): void {
    const seq = this.seq.get(streamId);
    if (seq === undefined) return;
    this.seq.set(streamId, seq + 1);
    this.send({ v: PROTOCOL_VERSION, type: 'audio', streamId, seq, sampleRate: WS_SAMPLE_RATE, pcm });
  }

  endStream(streamId: string): void {
    if (this.seq.delete(streamId)) this.send({ v: PROTOCOL_VERSION, type: 'stream.end', streamId });
  }

  hasStream(streamId: string): boolean {
    return this.seq.has(streamId);
  }

  close(): void {
    const ws = this.ws;
    this.ws = null;
    this.seq.clear();
    if (ws) {
      ws.onclose = ws.onerror = ws.onmessage = null;
      ws.close();
    }
  }

  private send(m: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
  }

  private onMessage(data: unknown): void {
    const m = safeParseWith(serverMessageSchema, safeJson(data));
    if (!m.ok) return log.warn('ignoring companion frame', m.error);
    const v = m.value;
    if (v.type === 'score') this.events.onScore(v.streamId, v.startSample, v.endSample, v.pSpoof, `companion · ${v.engine} · ${v.model}`);
    else if (v.type === 'error') {
      log.warn('companion error', v.code, v.message);
      if (v.streamId) this.seq.delete(v.streamId);
    }
  }
}
