import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeAudioFrame } from '../../shared/protocol/companion-ws';
import { CompanionSession, connectCompanion, reconnectDelayMs, streamUrl, type ReconnectInfo } from './companion-client';

/** A scripted WebSocket: the test plays the companion's side. */
class FakeSocket {
  static OPEN = 1;
  static last: FakeSocket;
  /** While true, new sockets fail as an absent companion does. */
  static refuse = false;
  static count = 0;
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  binary: Uint8Array[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
    FakeSocket.count++;
    queueMicrotask(() => {
      if (FakeSocket.refuse) {
        this.readyState = 3;
        this.onerror?.();
        return;
      }
      this.readyState = 1;
      this.onopen?.();
    });
  }
  send(d: string | Uint8Array) {
    if (typeof d === 'string') this.sent.push(JSON.parse(d) as Record<string, unknown>);
    else this.binary.push(d);
  }
  close() {
    this.readyState = 3;
  }
  serve(m: object) {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

const READY = {
  v: 1,
  type: 'ready',
  sessionId: 's',
  engine: 'onnxruntime-node/cpu',
  defaultModel: 'large',
  models: [{ name: 'large', displayName: 'Veracall large', version: '1', windowSamples: 64000, hopSamples: 32000, thresholds: { sensitive: 0.3, balanced: 0.5, conservative: 0.8 } }],
  limits: { maxStreams: 8, maxFrameBytes: 196608, maxPendingWindows: 32 },
};
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('companion client', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
    FakeSocket.refuse = false;
  });

  it('normalises what the user typed into the stream URL', () => {
    expect(streamUrl('ws://127.0.0.1:8765')).toBe('ws://127.0.0.1:8765/v1/stream');
    expect(streamUrl('http://localhost:8765/')).toBe('ws://localhost:8765/v1/stream');
    expect(() => streamUrl('ftp://x')).toThrow(/ws:\/\//);
  });

  it('pairs with hello{token} and resolves on ready', async () => {
    vi.stubGlobal('WebSocket', FakeSocket);
    const p = connectCompanion('ws://127.0.0.1:8765', 'tok');
    await tick();
    expect(FakeSocket.last.sent[0]).toMatchObject({ type: 'hello', token: 'tok' });
    FakeSocket.last.serve(READY);
    await expect(p).resolves.toMatchObject({ ready: { engine: 'onnxruntime-node/cpu' } });
  });

  it('says the token was refused when the companion closes with 4401', async () => {
    vi.stubGlobal('WebSocket', FakeSocket);
    const p = connectCompanion('ws://127.0.0.1:8765', 'bad');
    await tick();
    FakeSocket.last.drop(4401);
    await expect(p).rejects.toThrow(/refused the pairing token/);
  });

  it('streams audio, delivers scores, and reports "down" when the socket drops', async () => {
    vi.stubGlobal('WebSocket', FakeSocket);
    const onScore = vi.fn();
    const states: string[] = [];
    const s = new CompanionSession({ onScore, onState: (st) => states.push(st) });
    const opening = s.open('ws://127.0.0.1:8765', 'tok');
    await tick();
    FakeSocket.last.serve(READY);
    await opening;
    s.startStream('meet.ab.1', 'Ada');
    s.audio('meet.ab.1', 'AAAA');
    expect(FakeSocket.last.sent.slice(1).map((m) => m.type)).toEqual(['stream.start', 'audio']);
    FakeSocket.last.serve({ v: 1, type: 'score', streamId: 'meet.ab.1', window: 0, startSample: 0, endSample: 64000, logit: 2, pSpoof: 0.88, model: 'large', engine: 'cpu', latencyMs: 12 });
    FakeSocket.last.serve({ v: 1, type: 'score', streamId: 'meet.ab.1', pSpoof: 7 }); // invalid: ignored
    expect(onScore).toHaveBeenCalledTimes(1);
    expect(onScore.mock.calls[0]!.slice(0, 4)).toEqual(['meet.ab.1', 0, 64000, 0.88]);
    FakeSocket.last.drop();
    expect(states).toEqual(['connecting', 'connected', 'down']);
    expect(s.connected).toBe(false);
  });

  it('backs off 1, 2, 4 ... 30 s with jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((a) => reconnectDelayMs(a, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(reconnectDelayMs(1, () => 0)).toBe(800);
    expect(reconnectDelayMs(1, () => 1)).toBe(1200);
  });

  // Issue 16, item 4: one retry 10 s after a drop; a companion back after 15 s was never reconnected.
  it('reconnects by itself to a companion that comes back after a minute, and restarts the open streams', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    const states: string[] = [];
    const retries: (ReconnectInfo | null)[] = [];
    const s = new CompanionSession({ onScore: () => {}, onState: (st) => states.push(st), onReconnecting: (r) => retries.push(r) }, () => 0.5);
    const opening = s.open('ws://127.0.0.1:8765', 'tok');
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.last.serve(READY);
    await opening;
    s.startStream('meet.ab.1', 'Ada');
    FakeSocket.refuse = true; // the companion stops
    FakeSocket.last.drop();
    expect(states.at(-1)).toBe('down');
    expect(s.reconnecting).toMatchObject({ attempt: 1 });
    await vi.advanceTimersByTimeAsync(60_000); // attempts at 1, 3, 7, 15, 31 s fail
    expect(retries.filter(Boolean).length).toBeGreaterThanOrEqual(5);
    expect(s.reconnecting!.nextRetryAt).toBeGreaterThan(Date.now());
    FakeSocket.refuse = false; // the companion is back
    const before = FakeSocket.count;
    await vi.advanceTimersByTimeAsync(s.reconnecting!.nextRetryAt - Date.now() + 1);
    expect(FakeSocket.count).toBe(before + 1);
    FakeSocket.last.serve(READY);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.connected).toBe(true);
    expect(states.at(-1)).toBe('connected');
    expect(retries.at(-1)).toBeNull();
    expect(FakeSocket.last.sent.slice(1)).toEqual([expect.objectContaining({ type: 'stream.start', streamId: 'meet.ab.1', label: 'Ada' })]);
    s.close();
  });

  it('stops retrying once closed', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    FakeSocket.refuse = true;
    const s = new CompanionSession({ onScore: () => {}, onState: () => {} });
    await expect(s.open('ws://127.0.0.1:8765', 'tok')).rejects.toThrow();
    expect(s.reconnecting).not.toBeNull();
    s.close();
    const before = FakeSocket.count;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(FakeSocket.count).toBe(before);
    expect(s.reconnecting).toBeNull();
  });

  it('sends audio as binary frames when the companion says it takes them', async () => {
    vi.stubGlobal('WebSocket', FakeSocket);
    const s = new CompanionSession({ onScore: () => {}, onState: () => {} });
    const opening = s.open('ws://127.0.0.1:8765', 'tok');
    await tick();
    FakeSocket.last.serve({ ...READY, binaryAudio: true });
    await opening;
    s.startStream('t1');
    s.audio('t1', 'AQD//w=='); // Int16 [1, -1]
    s.audio('t1', 'AQD//w==');
    expect(FakeSocket.last.sent.map((m) => m.type)).toEqual(['hello', 'stream.start']);
    const frames = FakeSocket.last.binary.map((b) => decodeAudioFrame(b));
    expect(frames.map((f) => [f.streamId, f.seq, Array.from(f.pcm)])).toEqual([
      ['t1', 0, [1, -1]],
      ['t1', 1, [1, -1]],
    ]);
    s.close();
  });
});
