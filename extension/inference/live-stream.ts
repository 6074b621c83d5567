import { Framer, type Frame } from '../../shared/dsp/framer';
import type { StreamState } from '../../shared/protocol/common';
import type { Detector } from '../../shared/scoring/detector';
import { LiveRule } from '../../shared/scoring/live-rule';
import type { LiveRuleParams, LiveStateThresholds } from '../../shared/scoring/live-file';
import { createLogger } from '../logger';
import type { SpeechTrack } from './speech-track';
import { energyOnset, type LiveTrace } from './live-trace';

const log = createLogger('live');

export interface LiveUpdate {
  state: StreamState;
  pSpoof: number | null;
  windowP: number | null;
  engine: string;
  changed: boolean;
  t: number;
  /** Seconds of speech behind the verdict (speech windows × hop, capped by the rule). */
  evidenceS?: number;
  /** Bars (P(spoof) of the evidence mean) the verdict was judged against at this evidence. */
  bars?: { suspicious: number; synthetic: number };
  /** Published share of real voices ever shown the current state (warnings only; null if unmeasured). */
  falseAlarmRate?: number | null;
}

/** Frames waiting for inference beyond which older ones are skipped (the badge must stay live). */
const MAX_BACKLOG = 3;

/**
 * One remote stream in the offscreen document: VAD-gated windows (sidecar window/hop) →
 * local detector or companion scores → LiveRule (a sequential test over speech windows
 * with evidence-dependent, calibrated bars) → updates.
 * The local framer and VAD always run, so when the companion drops the next window is
 * scored locally without a gap ("warm" fallback).
 */
export class LiveStream {
  private readonly framer: Framer;
  private readonly rule: LiveRule;
  private backlog: Frame[] = [];
  private busy = false;
  private chain: Promise<void> = Promise.resolve();
  /** When set, scores come from the companion; local frames are kept warm but not inferred. */
  private remoteEngine: string | null = null;
  /** Local stream position at which the companion's stream began. */
  private remoteOffset = 0;
  private rates: LiveStateThresholds['rates'];
  /** Last window-length of samples, for the early first window (see earlyWindow). */
  private readonly recent: Float32Array;
  private earlyTaken = false;
  /** Samples received (at arrival, before the serialised ingest), for the trace. */
  private received = 0;

  constructor(
    private readonly detector: Detector,
    private readonly speech: SpeechTrack,
    params: LiveRuleParams,
    thresholds: LiveStateThresholds,
    private readonly emit: (u: LiveUpdate) => void,
    /** First-verdict timeline for the benchmark (live-trace.ts); stops recording at the first verdict. */
    private readonly trace?: LiveTrace,
  ) {
    this.framer = new Framer(detector.sidecar.windowSamples, detector.sidecar.hopSamples);
    this.rule = new LiveRule(params, thresholds);
    this.rates = thresholds.rates;
    // [windowSamples] float32, the early window's source
    this.recent = new Float32Array(detector.sidecar.windowSamples);
  }
  /** True while scores come from the companion. */
  get remote(): boolean {
    return this.remoteEngine !== null;
  }

  get position(): number {
    return this.framer.position;
  }

  /** Feeds 16 kHz samples; calls are serialised so the VAD and framer see them in order. */
  push(x: Float32Array): Promise<void> {
    if (this.trace && !this.trace.has('verdict')) {
      this.trace.mark('audio', this.received, this.received + x.length);
      if (!this.trace.has('energy')) {
        const at = energyOnset(x);
        if (at >= 0) this.trace.mark('energy', this.received + at, this.received + x.length);
      }
    }
    this.received += x.length;
    this.chain = this.chain.then(() => this.ingest(x)).catch((e) => log.error('stream audio failed', e));
    return this.chain;
  }

  private async ingest(x: Float32Array): Promise<void> {
    await this.speech.push(x);
    const onset = this.speech.speechOnset;
    if (onset !== null) this.trace?.mark('vad', onset);
    const frames = this.framer.push(x);
    this.keepRecent(x);
    if (this.remoteEngine) return;
    this.backlog.push(...frames);
    const early = this.earlyWindow(frames);
    if (early) this.backlog.push(early);
    if (this.backlog.length > MAX_BACKLOG) this.backlog.splice(0, this.backlog.length - MAX_BACKLOG);
    void this.drain();
  }

  /**
   * The first verdict need not wait for the hop grid: until there is one, the latest
   * window-length of audio is scored as soon as it holds enough speech (about 0.6 s of
   * speech instead of up to 1.6 s). Same window length and VAD gate as every other window.
   */
  private earlyWindow(frames: Frame[]): Frame | null {
    if (this.rule.evidence > 0 || this.earlyTaken || this.backlog.length > 1) return null;
    const W = this.recent.length;
    const end = this.framer.position;
    if (frames.some((f) => this.speech.isSpeech(f.startSample, f.startSample + f.samples.length))) return null;
    if (!this.speech.isSpeech(Math.max(0, end - W), end)) return null;
    this.earlyTaken = true;
    return { index: -1, startSample: end - W, samples: this.recent.slice() };
  }

  /** Last window-length of audio (zeros before the stream began); kept only until the first verdict. */
  private keepRecent(x: Float32Array): void {
    if (this.rule.evidence > 0) return;
    const W = this.recent.length;
    if (x.length >= W) this.recent.set(x.subarray(x.length - W));
    else {
      this.recent.copyWithin(0, x.length);
      this.recent.set(x, W - x.length);
    }
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.backlog.length && !this.remoteEngine) {
        const f = this.backlog.shift()!;
        const end = f.startSample + f.samples.length;
        if (!this.speech.isSpeech(f.startSample, end)) {
          this.apply(null, this.detector.engine);
          continue;
        }
        this.trace?.mark('window', end);
        const s = await this.detector.process(f.samples);
        this.trace?.mark('scored', end);
        this.apply(s.pSpoof, this.detector.engine);
      }
    } finally {
      this.busy = false;
    }
  }

  /** A score from the companion for its window [start, end) (companion stream positions). */
  remoteScore(start: number, end: number, pSpoof: number, engine: string): void {
    if (!this.remoteEngine) return;
    const s = start + this.remoteOffset;
    this.apply(this.speech.isSpeech(s, end + this.remoteOffset) ? pSpoof : null, engine);
  }

  /** Companion took over (engine label) or dropped (null): switch without losing the stream. */
  setRemote(engine: string | null): void {
    if (engine && !this.remoteEngine) this.remoteOffset = this.framer.position;
    this.remoteEngine = engine;
    if (!engine) this.backlog = [];
  }

  /** Another person now speaks on this track: forget the previous person's evidence. */
  newSpeaker(): void {
    this.rule.reset();
    this.earlyTaken = false;
    this.backlog = [];
    this.apply(undefined, this.remoteEngine ?? this.detector.engine, true);
  }

  setThresholds(t: LiveStateThresholds): void {
    this.rates = t.rates;
    const v = this.rule.setThresholds(t);
    this.send(v, null, this.remoteEngine ?? this.detector.engine, v.changed);
  }

  /** `p` undefined: no new window, report the current verdict. */
  private apply(p: number | null | undefined, engine: string, changed = false): void {
    const v = p === undefined ? this.rule.current : this.rule.update(p);
    this.send(v, p ?? null, engine, changed || v.changed);
  }

  private send(v: ReturnType<LiveRule['update']>, windowP: number | null, engine: string, changed: boolean): void {
    const hopS = this.detector.sidecar.hopSamples / this.detector.sidecar.sampleRate;
    if (v.state === 'human' || v.state === 'suspicious' || v.state === 'synthetic') this.trace?.mark('verdict');
    const falseAlarmRate = v.state === 'suspicious' ? this.rates.suspicious : v.state === 'synthetic' ? this.rates.synthetic : null;
    this.emit({ state: v.state, pSpoof: v.pSpoof, windowP, engine, changed, t: Date.now(), evidenceS: v.evidence * hopS, bars: this.rule.bars, falseAlarmRate });
  }
}
