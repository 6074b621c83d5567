import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, serverMessageSchema, WS_CLOSE, WS_MAX_FRAME_BYTES } from '../../../shared/index';
import { speechLike } from '../testing/audio';
import { buildTestApp, type TestApp } from '../testing/test-app';
import { audioMessage, end, hello, openProbe, pairedProbe, start, type WsProbe } from '../testing/ws-probe';

const CHROME = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const connect = (t: TestApp, headers: Record<string, string> = {}) => openProbe(t.app, { origin: CHROME, ...headers });
const paired = (t: TestApp) => pairedProbe(t.app, t.token, { origin: CHROME });

/** Sends `samples` as 100 ms audio frames. */
function sendAudio(p: WsProbe, streamId: string, samples: Float32Array, firstSeq = 0): number {
  let seq = firstSeq;
  for (let i = 0; i < samples.length; i += 1600) p.send(audioMessage(streamId, seq++, samples.subarray(i, i + 1600)));
  return seq;
}

describe('WebSocket /v1/stream', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ config: { ws: { maxStreams: 3, maxPendingPerConnection: 32, maxPendingGlobal: 256, maxFramesPerSecond: 400, maxBatch: 16, helloTimeoutMs: 300 } } });
  });
  afterAll(async () => t.close());

  it('pairs with the token and describes models and limits', async () => {
    const p = await connect(t);
    p.send(hello(t.token));
    const ready = await p.next('ready');
    expect(serverMessageSchema.parse(ready)).toMatchObject({
      engine: 'onnxruntime-node/cpu',
      defaultModel: 'test-fixture',
      models: [{ name: 'test-fixture', windowSamples: 8000, hopSamples: 4000, thresholds: { balanced: 0.5 } }],
      limits: { maxStreams: 3, maxFrameBytes: WS_MAX_FRAME_BYTES, maxPendingWindows: 32 },
    });
    p.ws.close();
  });

  it('closes with 4401 on a wrong token', async () => {
    const p = await connect(t);
    p.send(hello('not-the-token'));
    expect(await p.next('error')).toMatchObject({ code: 'unauthorized', fatal: true });
    expect((await p.close()).code).toBe(WS_CLOSE.unauthorized);
  });

  it('closes with 4400 when the first message is not hello', async () => {
    const p = await connect(t);
    p.send(start('a'));
    expect(await p.next('error')).toMatchObject({ code: 'not-ready', fatal: true });
    expect((await p.close()).code).toBe(WS_CLOSE.protocolError);
  });

  it('closes a connection that never says hello', async () => {
    const p = await connect(t);
    expect((await p.close()).code).toBe(WS_CLOSE.unauthorized);
  });

  it('refuses the upgrade from a web page origin or a foreign Host', async () => {
    await expect(connect(t, { origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(connect(t, { host: 'evil.example' })).rejects.toThrow(/421/);
  });

  it('scores several concurrent streams, each with its own windows', async () => {
    const p = await paired(t);
    p.send(start('loud'));
    p.send(start('quiet'));
    const loud = speechLike(2, 16000, 0.6);
    const quiet = speechLike(2, 16000, 0.03, 7);
    for (let i = 0, seq = 0; i < loud.length; i += 1600, seq++) {
      p.send(audioMessage('loud', seq, loud.subarray(i, i + 1600)));
      p.send(audioMessage('quiet', seq, quiet.subarray(i, i + 1600)));
    }
    p.send(end('loud'));
    p.send(end('quiet'));
    const endedLoud = await p.next('stream.ended', (m) => m.streamId === 'loud');
    await p.next('stream.ended', (m) => m.streamId === 'quiet');
    expect(endedLoud.windows).toBe(7); // 2 s: 0.5 s windows every 0.25 s

    const scores = p.of('score');
    for (const m of p.messages) serverMessageSchema.parse(m);
    const loudScores = scores.filter((s) => s.streamId === 'loud');
    const quietScores = scores.filter((s) => s.streamId === 'quiet');
    expect(loudScores.length).toBeGreaterThan(0);
    expect(quietScores.length).toBeGreaterThan(0);
    for (const s of loudScores) expect(s.pSpoof).toBeGreaterThan(0.5);
    for (const s of quietScores) expect(s.pSpoof).toBeLessThan(0.5);
    const first = loudScores[0]!;
    expect(first).toMatchObject({ model: 'test-fixture', engine: 'onnxruntime-node/cpu', endSample: first.startSample + 8000 });
    expect(first.latencyMs).toBeGreaterThanOrEqual(0);
    // stream.ended comes after the stream's last score
    const lastLoud = p.messages.lastIndexOf(loudScores.at(-1)!);
    expect(p.messages.indexOf(endedLoud)).toBeGreaterThan(lastLoud);
    p.ws.close();
  });

  it('does not score windows without speech', async () => {
    const p = await paired(t);
    p.send(start('s'));
    sendAudio(p, 's', new Float32Array(16000));
    p.send(end('s'));
    expect((await p.next('stream.ended')).windows).toBe(3);
    expect(p.of('score')).toHaveLength(0);
    p.ws.close();
  });

  it('answers bad frames with errors and keeps the connection', async () => {
    const p = await paired(t);
    const expectError = async (frame: unknown, code: string) => {
      p.send(frame);
      expect(await p.next('error')).toMatchObject({ code, fatal: false });
    };
    await expectError('{not json', 'bad-json');
    await expectError({ v: PROTOCOL_VERSION, type: 'launch' }, 'bad-message');
    await expectError({ v: 99, type: 'ping', t: 1 }, 'bad-message');
    await expectError(audioMessage('nope', 0, new Float32Array(160)), 'unknown-stream');
    p.send(start('a'));
    await expectError(start('a'), 'stream-exists');
    await expectError(start('b', 'no-such-model'), 'unknown-model');
    await expectError(audioMessage('a', 0, new Float32Array(160), 48000), 'bad-sample-rate');
    await expectError({ ...audioMessage('a', 1, new Float32Array(0)), pcm: 'QUJD' }, 'bad-audio'); // 3 bytes: odd
    await expectError({ ...audioMessage('a', 2, new Float32Array(0)), pcm: 'A' }, 'bad-audio');
    await expectError({ ...audioMessage('a', 3, new Float32Array(0)), pcm: 'not base64!' }, 'bad-message');
    p.send(audioMessage('a', 10, speechLike(0.1)));
    await expectError(audioMessage('a', 10, speechLike(0.1)), 'bad-message'); // replayed seq
    await expectError('{"v":1,"type":"ping","t":1,"pad":"' + 'x'.repeat(WS_MAX_FRAME_BYTES) + '"}', 'frame-too-large');
    p.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await p.next('error')).toMatchObject({ code: 'bad-message' });
    await expectError(hello(t.token), 'bad-message');
    p.send(start('b'));
    p.send(start('c'));
    await expectError(start('d'), 'too-many-streams');
    p.send({ v: PROTOCOL_VERSION, type: 'ping', t: 42 });
    expect(await p.next('pong')).toMatchObject({ t: 42 });
    expect(p.closed).toBeUndefined();
    p.ws.close();
  });

  it('closes on a frame past the hard size limit, and the server keeps serving', async () => {
    const p = await paired(t);
    p.send('x'.repeat(5 * WS_MAX_FRAME_BYTES));
    expect((await p.close()).code).toBe(1009);
    const q = await paired(t);
    q.send({ v: PROTOCOL_VERSION, type: 'ping', t: 1 });
    await q.next('pong');
    q.ws.close();
  });
});

describe('WebSocket flooding', () => {
  it('refuses frames past the rate limit, says so once, and keeps the connection', async () => {
    const t = await buildTestApp({ config: { ws: { maxStreams: 8, maxPendingPerConnection: 32, maxPendingGlobal: 256, maxFramesPerSecond: 20, maxBatch: 16, helloTimeoutMs: 5000 } } });
    try {
      const p = await paired(t);
      for (let i = 0; i < 100; i++) p.send({ v: PROTOCOL_VERSION, type: 'ping', t: i });
      expect(await p.next('error')).toMatchObject({ code: 'rate-limited', fatal: false });
      await new Promise((r) => setTimeout(r, 300));
      expect(p.of('pong').length).toBeLessThan(30);
      expect(p.of('error').filter((e) => e.code === 'rate-limited')).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 500));
      p.send({ v: PROTOCOL_VERSION, type: 'ping', t: 1000 });
      await p.next('pong', (m) => m.t === 1000);
      p.ws.close();
    } finally {
      await t.close();
    }
  });
});

describe('WebSocket connection cap', () => {
  it('closes connections past the cap with 4429 and accepts again once one closes', async () => {
    const t = await buildTestApp({ config: { ws: { maxConnections: 2, maxStreams: 8, maxPendingPerConnection: 32, maxPendingGlobal: 256, maxFramesPerSecond: 200, maxBatch: 16, helloTimeoutMs: 5000 } } });
    try {
      const a = await paired(t);
      await paired(t);
      const c = await connect(t);
      c.send(hello(t.token)); // the cap counts paired connections: the refusal comes on hello
      expect(await c.next('error')).toMatchObject({ code: 'rate-limited', fatal: true });
      expect((await c.close()).code).toBe(WS_CLOSE.overloaded);
      a.ws.terminate();
      await new Promise((r) => setTimeout(r, 100));
      await paired(t);
    } finally {
      await t.close();
    }
  });
});
