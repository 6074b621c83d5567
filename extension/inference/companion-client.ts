import { base64ToInt16, PcmDecodeError } from '../../shared/dsp/pcm';
import { PROTOCOL_VERSION, safeParseWith } from '../../shared/protocol/common';
import { encodeAudioFrame, serverMessageSchema, WS_PATH, WS_SAMPLE_RATE, type ClientMessage, type ServerMessage } from '../../shared/protocol/companion-ws';
import { createLogger } from '../logger';

const log = createLogger('companion');

export interface CompanionEvents {
  onScore(streamId: string, start: number, end: number, pSpoof: number, engine: string): void;
  /** Connection state changed; `engine` is the companion's engine label when connected. */
  onState(state: 'connecting' | 'connected' | 'down', engine?: string): void;
  /**
   * The session lost (or could not reach) the companion and will try again at `nextRetryAt`
   * (ms since the epoch); `null` once connected again or stopped. For the UI: "companion
   * unreachable, retrying in N s" while the in-browser model scores.
   */
  onReconnecting?(info: ReconnectInfo | null): void;
}

export interface ReconnectInfo {
  /** Failed attempts since the connection was lost (1 for the first retry). */
  attempt: number;
  nextRetryAt: number;
  /** Why the last attempt failed, in words. */
  reason: string;
}

/** Reconnect delays: 1, 2, 4, 8, 16, 30, 30, ... s, each ±20 % so that tabs do not retry in step. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
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
 * The live companion session: one socket for all streams. A close or error reports "down"
 * (the owner falls back to the in-browser engine) and the session reconnects by itself with
 * backoff (reconnectDelayMs), for as long as it is not closed: a companion restarted after
 * a minute is picked up again, and the open streams are started again on it.
 */
export class CompanionSession {
  private ws: WebSocket | null = null;
  private engine = 'companion';
  private seq = new Map<string, number>();
  private labels = new Map<string, string | undefined>();
  private binary = false;
  private target: { url: string; token: string } | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private reconnectInfo: ReconnectInfo | null = null;

  constructor(
    private readonly events: CompanionEvents,
    private readonly random: () => number = Math.random,
  ) {}

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Set while waiting to retry: when, and how many attempts have failed. */
  get reconnecting(): ReconnectInfo | null {
    return this.reconnectInfo;
  }

  /** Connects (or reconnects now); on failure rejects, and keeps retrying in the background. */
  async open(url: string, token: string): Promise<void> {
    this.close();
    this.target = { url, token };
    this.events.onState('connecting');
    await this.attemptConnect();
  }

  private async attemptConnect(): Promise<void> {
    const target = this.target;
    if (!target) return;
    let opened;
    try {
      opened = await connectCompanion(target.url, target.token);
    } catch (err) {
      if (this.target === target) this.scheduleRetry(err instanceof Error ? err.message : String(err));
      throw err;
    }
    if (this.target !== target) {
      opened.ws.close(); // closed or re-targeted while connecting
      return;
    }
    this.attach(opened.ws, opened.ready);
  }

  private attach(ws: WebSocket, ready: Extract<ServerMessage, { type: 'ready' }>): void {
    this.ws = ws;
    this.binary = ready.binaryAudio === true;
    this.attempt = 0;
    if (this.reconnectInfo) {
      this.reconnectInfo = null;
      this.events.onReconnecting?.(null);
    }
    this.engine = `companion · ${ready.engine} · ${ready.models.find((m) => m.name === ready.defaultModel)?.displayName ?? ready.defaultModel}`;
    ws.onmessage = (e) => this.onMessage(e.data);
    ws.onclose = ws.onerror = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      log.warn('companion connection lost; falling back to the in-browser model and reconnecting');
      this.events.onState('down');
      this.scheduleRetry('the connection was lost');
    };
    // Streams that were open before a reconnect start again (sequence numbers restart with them).
    for (const id of this.seq.keys()) this.startStream(id, this.labels.get(id));
    this.events.onState('connected', this.engine);
  }

  private scheduleRetry(reason: string): void {
    if (!this.target || this.retryTimer) return;
    this.attempt++;
    const delay = reconnectDelayMs(this.attempt, this.random);
    this.reconnectInfo = { attempt: this.attempt, nextRetryAt: Date.now() + delay, reason };
    this.events.onReconnecting?.(this.reconnectInfo);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.attemptConnect().then(
        () => {
          if (this.connected) log.info('companion reconnected');
        },
        (err: unknown) => log.debug('companion reconnect failed', err),
      );
    }, delay);
  }

  startStream(streamId: string, label?: string): void {
    this.seq.set(streamId, 0);
    this.labels.set(streamId, label);
    this.send({ v: PROTOCOL_VERSION, type: 'stream.start', streamId, label: label?.slice(0, 128) });
  }

  /** base64 Int16 16 kHz, as received from the content script; sent as a binary frame where the companion takes them. */
  audio(streamId: string, pcm: string): void {
    const seq = this.seq.get(streamId);
    if (seq === undefined) return;
    this.seq.set(streamId, seq + 1);
    if (!this.binary) return this.send({ v: PROTOCOL_VERSION, type: 'audio', streamId, seq, sampleRate: WS_SAMPLE_RATE, pcm });
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    try {
      this.ws.send(encodeAudioFrame(streamId, seq, base64ToInt16(pcm)));
    } catch (err) {
      if (!(err instanceof PcmDecodeError)) throw err;
      log.warn('dropping undecodable audio', err.message);
    }
  }

  endStream(streamId: string): void {
    this.labels.delete(streamId);
    if (this.seq.delete(streamId)) this.send({ v: PROTOCOL_VERSION, type: 'stream.end', streamId });
  }

  hasStream(streamId: string): boolean {
    return this.seq.has(streamId);
  }

  /** Disconnects and stops reconnecting. */
  close(): void {
    const ws = this.ws;
    this.ws = null;
    this.target = null;
    this.attempt = 0;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.reconnectInfo) {
      this.reconnectInfo = null;
      this.events.onReconnecting?.(null);
    }
    this.seq.clear();
    this.labels.clear();
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
      if (v.streamId) {
        this.seq.delete(v.streamId);
        this.labels.delete(v.streamId);
      }
    }
  }
}
