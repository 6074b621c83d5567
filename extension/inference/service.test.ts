import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Detector } from '../../shared/scoring/detector';
import { EnergyVad } from '../../shared/dsp/vad';
import { int16ToBase64 } from '../../shared/dsp/pcm';
import { createMessenger, type RuntimeTransport } from '../messaging/messenger';
import { ownedBy, type StreamUpdate } from '../messaging/protocol';
import { DEFAULT_SETTINGS } from '../settings/schema';
import { MODEL_SAMPLE_RATE } from '../../shared/model/sample-rate';

/**
 * The offscreen service with a fake companion that behaves like the real server: a second
 * `stream.start` for a stream it already has is answered "stream-exists" and the client
 * forgets the stream (companion-client.ts drops its sequence on a stream error).
 */
const fake = vi.hoisted(() => ({
  starts: [] as string[],
  audio: new Map<string, number>(),
  errors: [] as string[],
  events: null as null | { onScore: (...a: [string, number, number, number, string]) => void; onState: (s: string, e?: string) => void },
  releaseEngine: (() => {}) as () => void,
  detectorCalls: 0,
  session: null as null | { endStream(id: string): void; drop(): void; comeBack(): void },
}));

vi.mock('./companion-client', () => {
  class CompanionSession {
    private open_ = false;
    private streams = new Set<string>();
    constructor(events: typeof fake.events) {
      fake.events = events;
      fake.session = this;
    }
    get connected() {
      return this.open_;
    }
    async open() {
      this.open_ = true;
      fake.events!.onState('connected', 'companion · fake');
    }
    startStream(id: string) {
      fake.starts.push(id);
      if (this.streams.has(id)) {
        fake.errors.push('stream-exists');
        this.streams.delete(id);
      } else this.streams.add(id);
    }
    audio(id: string) {
      if (this.streams.has(id)) fake.audio.set(id, (fake.audio.get(id) ?? 0) + 1);
    }
    endStream(id: string) {
      this.streams.delete(id);
    }
    hasStream(id: string) {
      return this.streams.has(id);
    }
    close() {
      this.open_ = false;
      this.streams.clear();
    }
    /** The connection is lost; the real session then retries on its own with backoff. */
    drop() {
      this.close();
      fake.events!.onState('down');
    }
    /** One of those retries succeeds. */
    comeBack() {
      this.open_ = true;
      fake.events!.onState('connected', 'companion · fake');
    }
  }
  return { CompanionSession, connectCompanion: vi.fn() };
});

vi.mock('./model-loader', () => ({
  loadEngine: () =>
    new Promise((resolve) => {
      const detector: Detector = {
        sidecar: { windowSamples: 8000, hopSamples: 4000, sampleRate: MODEL_SAMPLE_RATE, name: 'lite', presets: { sensitive: { threshold: 0.7 }, balanced: { threshold: 0.89 }, conservative: { threshold: 0.96 } } } as unknown as Detector['sidecar'],
        engine: 'fake-browser',
        async process(w: Float32Array) {
          if (w.some((x) => x !== 0)) fake.detectorCalls++; // not the warm-up run on silence
          return { logit: -3, pSpoof: 0.05 };
        },
        async processBatch(w) {
          return Promise.all(w.map(() => this.process(w[0]!)));
        },
        reset() {},
        async release() {},
      };
      fake.releaseEngine = () => resolve({ ok: true, detector, sidecar: detector.sidecar, engine: 'fake-browser', newVad: () => new EnergyVad(), vadKind: 'energy' });
    }),
}));

const { startInference } = await import('./service');

const companionSettings = { ...DEFAULT_SETTINGS, companion: { enabled: true, url: 'ws://127.0.0.1:8765', token: 'tok' } };
const settle = (ms = 20) => new Promise((r) => setTimeout(r, ms));
const tone = (n: number) => int16ToBase64(Int16Array.from({ length: n }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 220 * i) / MODEL_SAMPLE_RATE))));

function offscreen() {
  const updates: StreamUpdate[] = [];
  let settingsAsked: () => void = () => {};
  const settingsGate = new Promise<void>((r) => (settingsAsked = r));
  let listener: Parameters<RuntimeTransport['addListener']>[0] = () => undefined;
  const transport: RuntimeTransport = {
    async sendMessage(m) {
      const env = m as { type: string; data: unknown };
      if (env.type === 'settings.get') {
        await settingsGate;
        return companionSettings;
      }
      if (env.type === 'stream.update') updates.push(env.data as StreamUpdate);
      return null;
    },
    sendToTab: async () => null,
    addListener: (l) => void (listener = l),
  };
  const m = createMessenger(transport);
  startInference(m);
  /** A message from the content script of tab 3, as the runtime delivers it. */
  const fromTab = (type: string, data: unknown) => listener({ veracall: 1, type, data }, { tab: { id: 3 } });
  return { m, updates, fromTab, companionConnects: () => settingsAsked() };
}

/** The companion paired and the engine loaded before the stream starts. */
async function pairedWithStream(streamId: string) {
  const o = offscreen();
  o.companionConnects();
  fake.releaseEngine();
  await settle();
  await o.fromTab('stream.start', { streamId, site: 'demo' });
  return o;
}

/** Audio blocks `from` … `to` − 1 of a 220 Hz tone, then time for them to be handled. */
async function sendTones(m: ReturnType<typeof offscreen>['m'], streamId: string, from: number, to: number) {
  for (let seq = from; seq < to; seq++) await m.sendMessage('stream.audio', { streamId, seq, pcm: tone(4000) });
  await settle();
}

describe('inference service with a companion (first call)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    fake.starts = [];
    fake.audio.clear();
    fake.errors = [];
    fake.detectorCalls = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('starts the companion stream once when the companion connects while the engine loads, and the stream gets verdicts', async () => {
    const { m, updates, fromTab, companionConnects } = offscreen();
    // The first remote voice arrives while the engine is still loading…
    const started = fromTab('stream.start', { streamId: 's1', site: 'demo' });
    await settle();
    // …and the companion pairs meanwhile (settings arrive from the background).
    companionConnects();
    await settle();
    fake.releaseEngine();
    await expect(started).resolves.toEqual({ ok: true });
    for (let i = 0; i < 8; i++) await m.sendMessage('stream.audio', { streamId: 's1', seq: i, pcm: tone(4000) });
    await settle();

    expect(fake.errors).toEqual([]);
    expect(fake.starts).toEqual(['s1']);
    expect(fake.audio.get('s1') ?? 0).toBeGreaterThan(0);
    fake.events!.onScore('s1', 0, 8000, 0.05, 'companion · fake');
    fake.events!.onScore('s1', 4000, 12000, 0.05, 'companion · fake');
    expect(updates.at(-1)).toMatchObject({ streamId: 's1', engine: { kind: 'companion' } });
    expect(['human', 'listening']).toContain(updates.at(-1)!.state);
  });

  it('answers exactly the messages the inference context owns (another answer would race the owner)', () => {
    const m = createMessenger({ sendMessage: () => new Promise(() => {}), sendToTab: async () => null, addListener: () => {} });
    const names: string[] = [];
    const register = m.onMessage.bind(m);
    m.onMessage = ((type, handler) => (names.push(type), register(type, handler))) as typeof m.onMessage;
    startInference(m);
    expect(names.sort()).toEqual(ownedBy('inference').sort());
  });

  it('falls back to the in-browser model when the companion forgot the stream', async () => {
    const { m, updates } = await pairedWithStream('s2');
    expect(fake.starts).toEqual(['s2']);
    await sendTones(m, 's2', 0, 1);
    expect(fake.detectorCalls).toBe(0); // the companion scores; the local model idles
    // The companion drops the stream (a stream error makes the client forget it).
    fake.session!.endStream('s2');
    await sendTones(m, 's2', 1, 10);
    expect(fake.detectorCalls).toBeGreaterThan(0);
    expect(updates.at(-1)).toMatchObject({ streamId: 's2', engine: { kind: 'browser' } });
  });

  it('hands the streams back to a companion that returns after a drop, without a second start of a live stream', async () => {
    const { m, updates } = await pairedWithStream('s3');
    fake.session!.drop();
    await sendTones(m, 's3', 0, 4);
    expect(fake.detectorCalls).toBeGreaterThan(0); // scored in the browser while the companion is away
    fake.session!.comeBack();
    const before = fake.audio.get('s3') ?? 0;
    await sendTones(m, 's3', 4, 8);
    expect(fake.starts).toEqual(['s3', 's3']);
    expect(fake.errors).toEqual([]);
    expect(fake.audio.get('s3') ?? 0).toBeGreaterThan(before);
    fake.events!.onScore('s3', 0, 8000, 0.05, 'companion · fake');
    expect(updates.at(-1)).toMatchObject({ streamId: 's3', engine: { kind: 'companion' } });
  });
});
