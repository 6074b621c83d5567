import { logit, sigmoid } from '../model/calibration';
import type { StreamState } from '../protocol/common';
import type { LiveRuleParams, LiveStateThresholds } from './live-file';

/**
 * The live verdict as a sequential test over a stream's speech windows.
 *
 * Evidence is the running mean of calibrated window logits over speech windows
 * (n = windows so far, capped at `maxEvidence`, after which it is an exponential mean
 * with that time constant, so a long call still follows a change of voice). A state is
 * reached when the mean exceeds a threshold that depends on the evidence:
 *   flag(n) ⇔ mean(n) > a + b / √n
 * With one window the bar is high (b), and it falls towards `a` as speech accumulates,
 * so a first verdict can be given from the first window while a single odd window cannot
 * raise a warning. `a` per state and preset is fitted (tools/calibrate-live.ts) so that
 * the share of REAL voices ever flagged over a 40 s stretch, through a call channel, is the
 * rate the state publishes.
 *
 * Changes only on new evidence: non-speech windows never move the state (except
 * "no-speech" before any speech), and a warning is lowered only when the mean falls
 * `hysteresis` logits below the bar that raised it.
 */
export interface LiveVerdict {
  state: StreamState;
  /** P(spoof) of the evidence mean (sigmoid of the mean calibrated logit); null before speech. */
  pSpoof: number | null;
  /** Speech windows behind the verdict (capped at maxEvidence). */
  evidence: number;
  changed: boolean;
}

const RANK = { human: 0, suspicious: 1, synthetic: 2 } as const;
type Band = keyof typeof RANK;

export class LiveRule {
  private mean = 0;
  private n = 0;
  private silent = 0;
  private state: StreamState = 'listening';

  constructor(
    private readonly params: LiveRuleParams,
    private thresholds: LiveStateThresholds,
  ) {}

  /** Bar on the mean calibrated logit for a state with `n` windows of evidence. */
  static bar(a: number, b: number, n: number): number {
    return a + b / Math.sqrt(Math.max(1, n));
  }

  /** Feeds one window: its calibrated P(spoof), or null when it held no speech. */
  update(pSpoof: number | null): LiveVerdict {
    const before = this.state;
    if (pSpoof === null || !Number.isFinite(pSpoof)) {
      this.silent++;
      if (this.n === 0 && this.silent >= this.params.silentWindowsForNoSpeech) this.state = 'no-speech';
      return this.snapshot(before);
    }
    this.silent = 0;
    this.n++;
    const k = Math.min(this.n, this.params.maxEvidence);
    this.mean += (logit(pSpoof) - this.mean) / k;
    this.state = this.judge(before);
    return this.snapshot(before);
  }

  /** New thresholds (sensitivity changed): re-judged at once, without hysteresis. */
  setThresholds(t: LiveStateThresholds): LiveVerdict {
    this.thresholds = t;
    const before = this.state;
    if (this.n > 0) this.state = this.band(0);
    return this.snapshot(before);
  }

  reset(): void {
    this.mean = 0;
    this.n = 0;
    this.silent = 0;
    this.state = 'listening';
  }

  get current(): LiveVerdict {
    return this.snapshot(this.state);
  }

  get evidence(): number {
    return Math.min(this.n, this.params.maxEvidence);
  }

  /** The bars (as P(spoof)) the current evidence is judged against. */
  get bars(): { suspicious: number; synthetic: number } {
    const n = this.evidence;
    return {
      suspicious: sigmoid(LiveRule.bar(this.thresholds.suspicious, this.params.b, n)),
      synthetic: sigmoid(LiveRule.bar(this.thresholds.synthetic, this.params.b, n)),
    };
  }

  private judge(before: StreamState): StreamState {
    const up = this.band(0);
    if (before === 'listening' || before === 'no-speech') return up;
    const prev = before as Band;
    if (RANK[up] >= RANK[prev]) return up;
    // Lowering a warning needs the mean clearly below the bar that raised it.
    return this.band(this.params.hysteresis, prev);
  }

  /** Band of the current mean; `down` > 0 makes every bar at or below `keep` that much lower. */
  private band(down: number, keep?: Band): Band {
    const n = this.evidence;
    const { b } = this.params;
    const lower = (s: Band) => (keep !== undefined && RANK[s] <= RANK[keep] ? down : 0);
    if (this.mean > LiveRule.bar(this.thresholds.synthetic, b, n) - lower('synthetic')) return 'synthetic';
    if (this.mean > LiveRule.bar(this.thresholds.suspicious, b, n) - lower('suspicious')) return 'suspicious';
    return 'human';
  }

  private snapshot(before: StreamState): LiveVerdict {
    return { state: this.state, pSpoof: this.n ? sigmoid(this.mean) : null, evidence: this.evidence, changed: before !== this.state };
  }
}
