import { Framer, type Frame } from '../../shared/dsp/framer';
import type { StreamState } from '../../shared/protocol/common';
import type { Detector } from '../../shared/scoring/detector';
import { StreamSmoother } from '../../shared/scoring/smoother';
import { logit, sigmoid } from '../../shared/model/calibration';
import { createLogger } from '../logger';
import type { SpeechTrack } from './speech-track';

const log = createLogger('live');

export interface LiveUpdate {
  state: StreamState;
  pSpoof: number | null;
  windowP: number | null;
  engine: string;
  changed: boolean;
  t: number;
}

/** Frames waiting for inference beyond which older ones are skipped (the badge must stay live). */
const MAX_BACKLOG = 3;
/**
 * Speech windows pooled (mean logit) before the first verdict. One window decides badly: the
 * smoother takes its first score without hysteresis, and a call's first seconds (codec and
 * jitter-buffer start-up) score higher on bona fide speech. Three windows ≈ 4 s of speech.
 */
export const WARMUP_WINDOWS = 3;

/**
 * One remote stream in the offscreen document: VAD-gated windows (sidecar window/hop) →
 * local detector or companion scores → StreamSmoother with hysteresis → updates.
 * The local framer and VAD always run, so when the companion drops the next window is
 * scored locally without a gap ("warm" fallback).
 */
export class LiveStream {
  private readonly framer: Framer;
  private readonly smoother: StreamSmoother;
  private backlog: Frame[] = [];
  private busy = false;
  private chain: Promise<void> = Promise.resolve();
  /** When set, scores come from the companion; local frames are kept warm but not inferred. */
  private remoteEngine: string | null = null;
  /** Local stream position at which the companion's stream began. */
  private remoteOffset = 0;
  /** Scores held back until the first verdict (null once it was given). */
  private warm: number[] | null = [];

  constructor(
    private readonly detector: Detector,
    private readonly speech: SpeechTrack,
    threshold: number,
    private readonly emit: (u: LiveUpdate) => void,
  ) {
    this.framer = new Framer(detector.sidecar.windowSamples, detector.sidecar.hopSamples);
    this.smoother = new StreamSmoother({ threshold });
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
    this.chain = this.chain.then(() => this.ingest(x)).catch((e) => log.error('stream audio failed', e));
    return this.chain;
  }

  private async ingest(x: Float32Array): Promise<void> {
    await this.speech.push(x);
    const frames = this.framer.push(x);
    if (this.remoteEngine) return;
    this.backlog.push(...frames);
    if (this.backlog.length > MAX_BACKLOG) this.backlog.splice(0, this.backlog.length - MAX_BACKLOG);
    void this.drain();
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
        const s = await this.detector.process(f.samples);
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

  /** Another person now speaks on this track: forget the previous person's score. */
  newSpeaker(): void {
    this.smoother.reset();
    this.warm = [];
    this.backlog = [];
    this.emit({ ...this.smoother.current, windowP: null, engine: this.remoteEngine ?? this.detector.engine, changed: true, t: Date.now() });
  }

  setThreshold(threshold: number): void {
    const u = this.smoother.setThreshold(threshold);
    this.emit({ ...u, windowP: null, engine: this.remoteEngine ?? this.detector.engine, t: Date.now() });
  }

  private apply(p: number | null, engine: string): void {
    if (this.warm) {
      if (p === null && this.warm.length === 0) {
        // Silence before any speech: the smoother may call it "no speech".
        const u = this.smoother.update(null);
        return this.emit({ state: u.state, pSpoof: u.pSpoof, windowP: null, engine, changed: u.changed, t: Date.now() });
      }
      if (p !== null) {
        this.warm.push(p);
        if (this.warm.length < WARMUP_WINDOWS) return this.emit({ state: 'listening', pSpoof: null, windowP: p, engine, changed: false, t: Date.now() });
      }
      // Enough speech, or speech paused after some was heard: the first verdict pools it.
      const pooled = sigmoid(this.warm.reduce((acc, x) => acc + logit(x), 0) / this.warm.length);
      this.warm = null;
      const u = this.smoother.update(pooled);
      return this.emit({ state: u.state, pSpoof: u.pSpoof, windowP: p, engine, changed: u.changed, t: Date.now() });
    }
    const u = this.smoother.update(p);
    this.emit({ state: u.state, pSpoof: u.pSpoof, windowP: p, engine, changed: u.changed, t: Date.now() });
  }
}
