import WebSocket from 'ws';
import { floatToInt16, int16ToBase64, PROTOCOL_VERSION, WS_PATH, type ServerMessage } from '../shared/index';
import { speechLike } from '../companion-server/src/testing/audio';
import { p95, median, round } from './stats';
import { MODEL_SAMPLE_RATE } from '../shared/model/sample-rate';

const FRAME = 1600; // 100 ms at 16 kHz, as the extension sends
const STREAMS_PER_CONNECTION = 8;
export const LATENCY_BUDGET_MS = 300;

export interface CapacityStep {
  streams: number;
  connections: number;
  scores: number;
  dropped: number;
  p50Ms: number;
  p95Ms: number;
  ok: boolean;
}

interface StreamState {
  id: string;
  ws: WebSocket;
  sentAt: number[];
  latencies: number[];
  dropped: number;
  ended: boolean;
}

async function openConnection(url: string, token: string): Promise<{ ws: WebSocket; messages: (cb: (m: ServerMessage) => void) => void }> {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + WS_PATH);
  const handlers: ((m: ServerMessage) => void)[] = [];
  // Listening before the socket opens: a refusal can arrive in the same packet as the upgrade.
  const ready = new Promise<void>((res, rej) => {
    handlers.push((m) => (m.type === 'ready' ? res() : m.type === 'error' && m.fatal ? rej(new Error(m.message)) : undefined));
    ws.once('error', rej);
    ws.once('close', (code) => rej(new Error(`closed (${code}) before ready`)));
  });
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as ServerMessage;
    handlers.forEach((h) => h(m));
  });
  ws.once('open', () => ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'hello', token, client: 'bench' })));
  await ready;
  return { ws, messages: (cb) => handlers.push(cb) };
}

/** Closes the connections and waits until they are closed, so the next step starts clean. */
async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map((ws) =>
      ws.readyState === WebSocket.CLOSED ? undefined : new Promise<void>((r) => {
        ws.once('close', () => r());
        ws.close();
        setTimeout(() => (ws.terminate(), r()), 5000).unref();
      }),
    ),
  );
  await new Promise((r) => setTimeout(r, 200));
}

/**
 * `n` streams (8 per connection, as one tab's call would use) each sending 100 ms frames of
 * speech-like audio in real time for `seconds`. Stream starts are spread evenly over one
 * model hop, as participants' streams start at unrelated times in a call; started together,
 * every stream would complete its windows in the same instant. Latency is client-side: from
 * sending the frame that completes a window to receiving its score.
 */
export async function runStep(url: string, token: string, model: string, hopMs: number, n: number, seconds: number): Promise<CapacityStep> {
  const pcm = speechLike(seconds, MODEL_SAMPLE_RATE, 0.3);
  const frames: string[] = [];
  for (let i = 0; i + FRAME <= pcm.length; i += FRAME) frames.push(int16ToBase64(floatToInt16(pcm.subarray(i, i + FRAME))));
  const conns = await Promise.all(Array.from({ length: Math.ceil(n / STREAMS_PER_CONNECTION) }, () => openConnection(url, token)));
  const streams: StreamState[] = [];
  for (let i = 0; i < n; i++) {
    const c = conns[Math.floor(i / STREAMS_PER_CONNECTION)]!;
    const s: StreamState = { id: `s${i}`, ws: c.ws, sentAt: [], latencies: [], dropped: 0, ended: false };
    streams.push(s);
    c.messages((m) => {
      if (!('streamId' in m) || m.streamId !== s.id) return;
      if (m.type === 'score') {
        const frame = Math.floor((m.endSample - 1) / FRAME);
        const sent = s.sentAt[frame];
        if (sent !== undefined) s.latencies.push(performance.now() - sent);
      } else if (m.type === 'dropped') s.dropped += m.windows;
      else if (m.type === 'stream.ended') s.ended = true;
    });
    c.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'stream.start', streamId: s.id, model }));
  }
  // Real-time pacing: stream i sends frame k at t0 + offset_i + 100·k ms, offsets spread over one hop.
  const t0 = performance.now() + 50;
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const now = performance.now();
      let finished = true;
      streams.forEach((s, i) => {
        const offset = (hopMs * i) / n;
        while (s.sentAt.length < frames.length && t0 + offset + 100 * s.sentAt.length <= now) {
          const k = s.sentAt.length;
          s.sentAt.push(performance.now());
          s.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'audio', streamId: s.id, seq: k, sampleRate: MODEL_SAMPLE_RATE, pcm: frames[k] }));
        }
        if (s.sentAt.length < frames.length) finished = false;
      });
      if (finished) {
        clearInterval(timer);
        done();
      }
    }, 5);
  });
  for (const s of streams) s.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'stream.end', streamId: s.id }));
  const deadline = performance.now() + 15_000;
  while (streams.some((s) => !s.ended) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await closeAll(conns.map((c) => c.ws));
  const lat = streams.flatMap((s) => s.latencies);
  const dropped = streams.reduce((a, s) => a + s.dropped, 0);
  const unfinished = streams.filter((s) => !s.ended).length;
  const p95Ms = p95(lat);
  return {
    streams: n,
    connections: conns.length,
    scores: lat.length,
    dropped,
    p50Ms: round(median(lat), 1),
    p95Ms: round(p95Ms, 1),
    ok: lat.length > 0 && dropped === 0 && unfinished === 0 && p95Ms < LATENCY_BUDGET_MS,
  };
}

/**
 * Ramps 1, 2, 4, 8, ... streams until a step misses the budget (or `max` is reached). The
 * machine is shared, so a step that misses is run once more before the ramp stops; both
 * runs are reported.
 */
export async function wsCapacity(url: string, token: string, model: string, hopMs: number, opts: { seconds: number; max: number; log: (s: string) => void }) {
  const steps: CapacityStep[] = [];
  for (let n = 1; n <= opts.max; n *= 2) {
    let step: CapacityStep | undefined;
    for (let attempt = 0; attempt < 2 && !step?.ok; attempt++) {
      step = await runStep(url, token, model, hopMs, n, opts.seconds);
      steps.push(step);
      opts.log(`  ${model}: ${n} streams → p95 ${step.p95Ms} ms, ${step.scores} scores, ${step.dropped} dropped ${step.ok ? 'ok' : 'OVER BUDGET'}`);
    }
    if (!step!.ok) break;
  }
  const sustained = Math.max(0, ...steps.filter((s) => s.ok).map((s) => s.streams));
  return { model, steps, sustainedStreams: sustained };
}
