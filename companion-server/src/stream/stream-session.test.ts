import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, WS_MAX_FRAME_BYTES, type ServerMessage } from '../../../shared/index';
import { loadConfig } from '../config';
import { CompanionMetrics } from '../metrics/metrics';
import type { ModelRegistry } from '../models/model-registry';
import { audioMessage } from '../testing/ws-probe';
import { speechLike } from '../testing/audio';
import { InferenceScheduler } from './inference-scheduler';
import { IngestPump } from './ingest-pump';
import { StreamSession } from './stream-session';

const log = { error() {}, warn() {}, debug() {}, info() {} } as never;
const model = { sidecar: { name: 'm', windowSamples: 16000, hopSamples: 8000 }, engine: 'fake', detector: { processBatch: async (w: Float32Array[]) => w.map(() => ({ logit: 0, pSpoof: 0.5 })) } };
const models = { get: () => model, size: 1, engine: 'fake', defaultName: 'm', list: () => [] } as unknown as ModelRegistry;

/** A session on a fake transport that records what it sends and each read hold. */
function session() {
  const sent: ServerMessage[] = [];
  const holds: number[] = [];
  const metrics = new CompanionMetrics();
  const limits = loadConfig({ ws: { maxStreams: 8, maxFramesPerSecond: 10_000 } } as never, {}).ws;
  const s = new StreamSession({
    transport: { send: (m) => sent.push(m), close: () => {}, bufferedAmount: 0, holdReading: (ms) => holds.push(ms) },
    models,
    scheduler: new InferenceScheduler({ maxBatch: 16, maxPendingGlobal: 256, metrics, log }),
    metrics,
    limits,
    token: 'tok',
    log,
    ingest: new IngestPump(),
  });
  const frame = (m: unknown) => s.onFrame(Buffer.from(JSON.stringify(m)), false);
  return { s, sent, holds, frame };
}

describe('StreamSession flow control', () => {
  it('stops reading the socket, for a bounded time, when audio comes faster than its byte budget', async () => {
    const { s, sent, holds, frame } = session();
    frame({ v: PROTOCOL_VERSION, type: 'hello', token: 'tok' });
    await new Promise((r) => setImmediate(r));
    expect(sent[0]?.type).toBe('ready');
    frame({ v: PROTOCOL_VERSION, type: 'stream.start', streamId: 'a' });
    const big = audioMessage('a', 0, speechLike(4, 16000, 0.5));
    expect(JSON.stringify(big).length).toBeLessThan(WS_MAX_FRAME_BYTES);
    for (let seq = 0; seq < 40; seq++) frame({ ...big, seq });
    // the 4 s burst of 8 streams' budget takes ~16 of these; the rest are refused and reading is held
    expect(holds.length).toBeGreaterThan(0);
    for (const ms of holds) {
      expect(ms).toBeGreaterThanOrEqual(20);
      expect(ms).toBeLessThanOrEqual(250);
    }
    expect(sent.some((m) => m.type === 'error' && m.code === 'rate-limited')).toBe(true);
    s.dispose();
  });

  it('does not hold reading for small frames over the frame rate (cheap to drop)', () => {
    const { s, holds } = session();
    for (let i = 0; i < 20_000; i++) s.onFrame(Buffer.from('{}'), false);
    expect(holds).toEqual([]);
    s.dispose();
  });
});
