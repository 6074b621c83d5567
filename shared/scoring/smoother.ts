import { logit, sigmoid } from '../model/calibration';
import type { StreamState } from '../protocol/common';
import { suspiciousFloor } from './presets';

/**
 * Temporal smoothing with hysteresis for a live stream. Scores are averaged in logit space
 * with an exponential moving average; the badge only changes state when the smoothed score
 * crosses a band edge by more than `hysteresis` (in logits), so it does not flicker.
 */
export interface SmootherOptions {
  threshold: number;
  /** Weight of the previous smoothed value per new window (0 = no smoothing). */
  decay?: number;
  /** Logit margin a score must cross past a band edge before the state changes. */
  hysteresis?: number;
  /** Consecutive non-speech windows before a stream with no verdict shows "no speech". */
  silentWindowsForNoSpeech?: number;
}

export interface SmoothedUpdate {
  state: StreamState;
  /** Smoothed calibrated P(spoof), null until speech has been scored. */
  pSpoof: number | null;
  changed: boolean;
}

const RANK: Record<'human' | 'suspicious' | 'synthetic', number> = { human: 0, suspicious: 1, synthetic: 2 };

export class StreamSmoother {
  private smoothed: number | null = null;
  private state: StreamState = 'listening';
  private silent = 0;
  private threshold: number;
  private readonly decay: number;
  private readonly hysteresis: number;
  private readonly silentForNoSpeech: number;

  constructor(opts: SmootherOptions) {
    this.threshold = opts.threshold;
    this.decay = opts.decay ?? 0.6;
    this.hysteresis = opts.hysteresis ?? 0.4;
    this.silentForNoSpeech = opts.silentWindowsForNoSpeech ?? 4;
  }

  /** Changes the threshold (sensitivity) and re-evaluates the state without hysteresis. */
  setThreshold(threshold: number): SmoothedUpdate {
    this.threshold = threshold;
    if (this.smoothed === null) return this.snapshot(false);
    const before = this.state;
    this.state = this.band(this.smoothed, 0);
    return this.snapshot(before !== this.state);
  }

  /** Feeds one window: its calibrated score, or null when the window held no speech. */
  update(pSpoof: number | null): SmoothedUpdate {
    const before = this.state;
    if (pSpoof === null || !Number.isFinite(pSpoof)) {
      this.silent++;
      if (this.smoothed === null && this.silent >= this.silentForNoSpeech) this.state = 'no-speech';
      return this.snapshot(before !== this.state);
    }
    this.silent = 0;
    const l = logit(pSpoof);
    this.smoothed = this.smoothed === null ? l : this.decay * this.smoothed + (1 - this.decay) * l;
    const target = this.band(this.smoothed, 0);
    if (before === 'listening' || before === 'no-speech') {
      this.state = target;
    } else if (target !== before) {
      // Only move when the score clears the edge between the two bands by the hysteresis margin.
      const dir = RANK[target] > RANK[before as keyof typeof RANK] ? 1 : -1;
      const margin = this.band(this.smoothed, -dir * this.hysteresis);
      if (margin !== before) this.state = margin;
    }
    return this.snapshot(before !== this.state);
  }

  reset(): void {
    this.smoothed = null;
    this.state = 'listening';
    this.silent = 0;
  }

  get current(): SmoothedUpdate {
    return this.snapshot(false);
  }

  /** Band of a logit shifted by `shift` (shift < 0 makes rising harder, > 0 falling harder). */
  private band(l: number, shift: number): 'human' | 'suspicious' | 'synthetic' {
    const x = l + shift;
    if (x > logit(this.threshold)) return 'synthetic';
    if (x >= logit(suspiciousFloor(this.threshold))) return 'suspicious';
    return 'human';
  }

  private snapshot(changed: boolean): SmoothedUpdate {
    return { state: this.state, pSpoof: this.smoothed === null ? null : sigmoid(this.smoothed), changed };
  }
}
