/**
 * Fitting and checking the live rule's bars from scored voices (pure; no I/O).
 * A voice is "ever flagged" at a state when the rule's running mean ever clears that
 * state's bar: max_n (mean_n − b/√n) > a. So `a` for a target rate r is the value that
 * at most a share r of the calibration voices' peaks exceed; below 1/N the tail is
 * extrapolated from a normal fit of the peaks, whichever is higher.
 */
import { LiveRule } from '../shared/scoring/live-rule';
import type { LiveRuleParams, LiveStateThresholds } from '../shared/scoring/live-file';
import type { ScoredVoice } from './live-corpus';

export function peak(windows: ReadonlyArray<number | null>, b: number, maxEvidence: number): number {
  let mean = 0;
  let n = 0;
  let best = -Infinity;
  for (const x of windows) {
    if (x === null) continue;
    n++;
    const k = Math.min(n, maxEvidence);
    mean += (x - mean) / k;
    best = Math.max(best, mean - b / Math.sqrt(k));
  }
  return best;
}

/** Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9 after refinement-free use). */
export function normInv(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pl) return -normInv(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Bar `a` such that at most a share `rate` of the peaks exceed it (with a normal tail below 1/N). */
export function fitBar(peaks: number[], rate: number): number {
  const xs = peaks.filter(Number.isFinite).sort((x, y) => y - x);
  if (!xs.length) return Infinity;
  const emp = xs[Math.min(xs.length - 1, Math.floor(rate * xs.length))]!;
  const mu = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mu) ** 2, 0) / Math.max(1, xs.length - 1));
  return Math.max(emp, mu + normInv(1 - rate) * sd);
}

export const share = (xs: boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : NaN);

export interface Simulation {
  everSuspicious: boolean;
  everSynthetic: boolean;
  final: string;
  /** State changes after the first verdict. */
  changes: number;
  /** Changes that lower the state (a warning withdrawn): the flip-flops users notice. */
  reversals: number;
  /** Windows (stream order) until the first verdict; -1 if none. */
  firstVerdictWindow: number;
  /** Windows from the first speech window to the first verdict. */
  verdictAfterSpeechWindows: number;
}

const RANK: Record<string, number> = { listening: -1, 'no-speech': -1, human: 0, suspicious: 1, synthetic: 2 };

export function simulate(v: ScoredVoice, params: LiveRuleParams, t: LiveStateThresholds): Simulation {
  const rule = new LiveRule(params, t);
  const s: Simulation = { everSuspicious: false, everSynthetic: false, final: 'listening', changes: 0, reversals: 0, firstVerdictWindow: -1, verdictAfterSpeechWindows: -1 };
  let firstSpeech = -1;
  v.windows.forEach((x, i) => {
    if (x !== null && firstSpeech < 0) firstSpeech = i;
    const u = rule.update(x === null ? null : 1 / (1 + Math.exp(-x)));
    const verdict = u.state === 'human' || u.state === 'suspicious' || u.state === 'synthetic';
    if (verdict && s.firstVerdictWindow < 0) {
      s.firstVerdictWindow = i;
      s.verdictAfterSpeechWindows = i - firstSpeech;
    } else if (u.changed && s.firstVerdictWindow >= 0) {
      s.changes++;
      if (RANK[u.state] < RANK[s.final]) s.reversals++;
    }
    if (u.state === 'suspicious' || u.state === 'synthetic') s.everSuspicious = true;
    if (u.state === 'synthetic') s.everSynthetic = true;
    s.final = u.state;
  });
  return s;
}

/** Deterministic split of sources: about `fraction` of them held out (by a string hash). */
export function holdoutSources(sources: string[], fraction: number): Set<string> {
  const h = (s: string) => [...s].reduce((x, c) => (Math.imul(x, 31) + c.charCodeAt(0)) >>> 0, 7);
  const sorted = [...new Set(sources)].sort((a, b) => h(a) - h(b) || a.localeCompare(b));
  return new Set(sorted.slice(0, Math.round(sorted.length * fraction)));
}
