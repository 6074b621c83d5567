import { base64ToInt16, int16ToFloat } from '../../shared/dsp/pcm';
import { liveRuleParams, liveThresholdsFor, type LiveStateThresholds } from '../../shared/scoring/live-file';
import type { Messenger } from '../messaging';
import type { EngineInfo, EngineStatus, FileAnalyzeRequest } from '../messaging/protocol';
import { DEFAULT_SETTINGS, sensitivityOf, type Settings } from '../settings/schema';
import { createLogger, setDebug } from '../logger';
import { CompanionSession, connectCompanion, type ReconnectInfo } from './companion-client';
import { analyzeLocally, analyzeWithCompanion } from './file-analysis';
import { LiveStream, type LiveUpdate } from './live-stream';
import { TraceBook } from './live-trace';
import { loadEngine, type EngineLoad } from './model-loader';
import { SpeechTrack } from './speech-track';
import { ADAPTERS } from '../sites';
import type { Site } from '../sites/site';

const log = createLogger('inference');

interface Entry {
  tabId: number;
  site: Site;
  label?: string;
  /** True once the label names a participant (not the "Remote audio n" placeholder). */
  attributed?: boolean;
  live: LiveStream | null;
}

function engineInfo(label: string, model: string): EngineInfo {
  return { kind: label.startsWith('companion') ? 'companion' : 'browser', label, model };
}

/**
 * The inference side of the extension: runs in the offscreen document (Chrome) or the
 * background page (Firefox). Owns the live streams, the companion session and file analysis.
 */
export function startInference(m: Messenger): void {
  let settings: Settings = DEFAULT_SETTINGS;
  let companionState: EngineStatus['companion'] = 'off';
  let companionLabel = 'companion';
  let companionRetry: ReconnectInfo | null = null;
  const streams = new Map<string, Entry>();
  // First-verdict timelines of the last few streams, for bench/extension.ts (read over CDP; no audio in them).
  const traces = new TraceBook();
  (globalThis as { veracallTraces?: TraceBook }).veracallTraces = traces;
  // Loaded when the document opens (the background opens it as soon as a call page does), and
  // run once on silence so the first real window does not pay for wasm start-up.
  const engineP: Promise<EngineLoad> = loadEngine().then(async (e) => {
    if (e.ok) {
      await e.detector.process(new Float32Array(e.sidecar.windowSamples)).catch((err: unknown) => log.warn('warm-up run failed', err));
      await Promise.resolve()
        .then(() => e.newVad().speechProbability(new Float32Array(512)))
        .catch((err: unknown) => log.warn('VAD warm-up failed', err));
    }
    return e;
  });
  let engine: EngineLoad | null = null;
  void engineP.then((e) => {
    engine = e;
    m.notify('engine.changed', status());
  });

  const companion = new CompanionSession({
    onScore: (id, s, e, p, label) => streams.get(id)?.live?.remoteScore(s, e, p, label),
    onState: (state, label) => {
      companionState = state;
      companionLabel = label ?? 'companion';
      // Streams are attached by syncCompanion once open() returns; a drop un-attaches them all.
      if (state !== 'connected') for (const e of streams.values()) e.live?.setRemote(null);
      // A reconnect (the session retries with backoff for as long as it is open) hands the streams back.
      else for (const id of streams.keys()) attachCompanion(id);
      m.notify('engine.changed', status());
    },
    onReconnecting: (info) => {
      companionRetry = info;
      m.notify('engine.changed', status());
    },
  });

  function status(): EngineStatus {
    if (!engine) return { model: 'loading', companion: companionState, ...(companionRetry ? { companionRetry } : {}) };
    if (!engine.ok) return { model: engine.reason, error: engine.error, companion: companionState, ...(companionRetry ? { companionRetry } : {}) };
    return { model: 'ready', engine: engine.engine, vad: engine.vadKind, companion: companionState, ...(companionRetry ? { companionRetry } : {}) };
  }

  function thresholds(): LiveStateThresholds | null {
    return engine?.ok ? liveThresholdsFor(engine.live, engine.sidecar, sensitivityOf(settings.sensitivity)) : null;
  }

  function emit(streamId: string, u: LiveUpdate): void {
    const e = streams.get(streamId);
    if (!e) return;
    const model = engine?.ok ? engine.sidecar.name : 'none';
    m.notify('stream.update', {
      streamId, tabId: e.tabId, site: e.site, label: e.label, state: u.state, pSpoof: u.pSpoof, windowP: u.windowP, engine: engineInfo(u.engine, model), t: u.t,
      // Additive (issue 19): the bars at the current evidence, the evidence, the state's published false-alarm rate.
      threshold: u.bars?.synthetic, suspiciousThreshold: u.bars?.suspicious, evidenceS: u.evidenceS, falseAlarmRate: u.falseAlarmRate,
    });
  }

  async function syncCompanion(): Promise<void> {
    const c = settings.companion;
    if (!c.enabled || !c.url || !c.token) {
      companion.close();
      companionState = 'off';
      for (const e of streams.values()) e.live?.setRemote(null);
      return;
    }
    if (companion.connected) return;
    try {
      await companion.open(c.url, c.token);
      for (const id of streams.keys()) attachCompanion(id);
    } catch (err) {
      log.warn('companion unavailable', err);
      companionState = 'down';
    }
  }

  /**
   * The one place a stream is handed to the companion: only once its local LiveStream exists
   * and only if the companion does not have it yet. Both the companion connecting and the
   * engine finishing its load call this; before, each started the stream, and the second
   * `stream.start` was refused ("stream-exists"), leaving the first call without a verdict.
   */
  function attachCompanion(streamId: string): void {
    const e = streams.get(streamId);
    if (!e?.live || !companion.connected) return;
    if (!companion.hasStream(streamId)) companion.startStream(streamId, e.label);
    e.live.setRemote(companionLabel);
  }

  // Idle for IDLE_MS (no stream, no analysis): tell the background, which closes the document.
  let busy = 0;
  let lastActive = Date.now();
  const IDLE_MS = 120_000;
  setInterval(() => {
    if (streams.size || busy) lastActive = Date.now();
    else if (Date.now() - lastActive > IDLE_MS) m.notify('engine.idle', {});
  }, 30_000);

  m.onMessage('stream.start', async ({ streamId, site, label }, { tabId }) => {
    if (tabId === undefined) return { ok: false, error: 'not from a tab' };
    const e: Entry = { tabId, site, label, live: null };
    streams.set(streamId, e);
    const trace = traces.open(streamId);
    trace.mark('start');
    const eng = await engineP;
    trace.mark('engine');
    // The stream may have ended (or been restarted) while the engine loaded.
    if (streams.get(streamId) !== e) return { ok: true };
    if (!eng.ok) {
      m.notify('stream.update', { streamId, tabId, site, label, state: 'listening', pSpoof: null, windowP: null, engine: { kind: 'browser', label: eng.error, model: 'none' }, t: Date.now() });
      return { ok: false, error: eng.error };
    }
    e.live = new LiveStream(eng.detector, new SpeechTrack(eng.newVad()), liveRuleParams(eng.live), thresholds()!, (u) => emit(streamId, u), trace);
    attachCompanion(streamId);
    emit(streamId, { state: 'listening', pSpoof: null, windowP: null, engine: eng.engine, changed: true, t: Date.now() });
    return { ok: true };
  });

  m.onMessage('stream.audio', ({ streamId, pcm }) => {
    const e = streams.get(streamId);
    if (!e?.live) return;
    if (companion.hasStream(streamId)) companion.audio(streamId, pcm);
    // The companion refused or forgot the stream (an error for it): score it here instead.
    else if (e.live.remote) e.live.setRemote(null);
    void e.live.push(int16ToFloat(base64ToInt16(pcm)));
  });

  m.onMessage('stream.label', ({ streamId, label }) => {
    const e = streams.get(streamId);
    if (!e) return;
    const before = e.attributed ? e.label : undefined;
    e.label = label;
    e.attributed = true;
    // Meet reassigns its few tracks to whoever speaks loudest: a different person starts afresh.
    if (!ADAPTERS[e.site].mixedAudio && before && label && before !== label) e.live?.newSpeaker();
  });

  m.onMessage('stream.end', ({ streamId }) => {
    streams.delete(streamId);
    companion.endStream(streamId);
  });

  m.onMessage('settings.changed', (s) => {
    settings = s;
    setDebug(s.debug);
    const t = thresholds();
    if (t !== null) for (const e of streams.values()) e.live?.setThresholds(t);
    void syncCompanion();
  });

  m.onMessage('engine.status', async () => status());

  m.onMessage('companion.test', async ({ url, token }) => {
    try {
      const { ws, ready } = await connectCompanion(url, token);
      ws.close();
      return { ok: true, engine: ready.engine, models: ready.models.map((x) => x.name) };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  });

  m.onMessage('file.analyze', async (req) => {
    busy++;
    try {
      return await analyzeFile(req);
    } finally {
      busy--;
      lastActive = Date.now();
    }
  });

  async function analyzeFile(req: FileAnalyzeRequest) {
    const c = settings.companion;
    if (c.enabled && c.url && c.token) {
      try {
        return await analyzeWithCompanion(req, c.url, c.token);
      } catch (e) {
        log.warn('companion analysis failed; analysing in the browser', e);
      }
    }
    const eng = await engineP;
    if (!eng.ok) throw new Error(eng.error);
    return analyzeLocally(req, eng.detector, eng.newVad(), (p) => m.notify('file.progress', p));
  }

  void m
    .sendMessage('settings.get', {})
    .then((s) => {
      settings = s;
      setDebug(s.debug);
      return syncCompanion();
    })
    .catch((e) => log.warn('no settings from the background yet', e));
}
