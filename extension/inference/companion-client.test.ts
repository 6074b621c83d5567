import { afterEach, describe, expect, it, vi } from 'vitest';
import { CompanionSession, connectCompanion, streamUrl } from './companion-client';

/** A scripted WebSocket: the test plays the companion's side. */
class FakeSocket {
  static OPEN = 1;
  static last: FakeSocket;
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.();
    });
  }
  send(d: string) {
    this.sent.push(JSON.parse(d) as Record<string, unknown>);
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
  afterEach(() => vi.unstubAllGlobals());

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
});
