import { logit, sigmoid } from '../model/calibration';
import type { TimelinePoint } from '../protocol/analysis';
import type { Verdict } from '../protocol/common';
import type { SignalStats } from '../dsp/stats';
import { toDbfs } from '../dsp/stats';
import { classify } from './presets';

export interface ScoredWindow {
  startSample: number;
  endSample: number;
  speech: boolean;
  /** Calibrated P(spoof); null for windows that were not scored (no speech). */
  pSpoof: number | null;
}

export interface Aggregate {
  verdict: Verdict;
  pSpoof: number | null;
  speechS: number;
  timeline: TimelinePoint[];
  explanation: string[];
}

/** Below this much speech a verdict is given but flagged as weak. */
export const SHORT_SPEECH_S = 4;
/** Share of flagged windows that makes a file at least suspicious even when the mean is low. */
export const PARTIAL_SHARE = 0.25;

const pct = (x: number) => `${(100 * x).toFixed(x < 0.01 ? 1 : 0)} %`;
const sec = (samples: number, rate: number) => `${(samples / rate).toFixed(1)} s`;

/**
 * Turns a file's scored windows into one verdict: the mean of the windows' calibrated
 * logits (the geometric mean of their odds), with a timeline and plain-language reasons.
 */
export function aggregateWindows(
  windows: readonly ScoredWindow[],
  threshold: number,
  sampleRate: number,
  stats?: SignalStats,
): Aggregate {
  const timeline = windows.map((w) => ({
    startS: w.startSample / sampleRate,
    endS: w.endSample / sampleRate,
    pSpoof: w.pSpoof,
    speech: w.speech,
  }));
  const scored = windows.filter((w): w is ScoredWindow & { pSpoof: number } => w.pSpoof !== null);
  const explanation: string[] = [];
  const speechS = speechSeconds(windows, sampleRate);
  if (stats) explanation.push(...levelNotes(stats));
  if (scored.length === 0) {
    explanation.unshift('No speech was found, so nothing was scored.');
    return { verdict: 'no-speech', pSpoof: null, speechS, timeline, explanation };
  }
  const mean = scored.reduce((s, w) => s + logit(w.pSpoof), 0) / scored.length;
  const p = sigmoid(mean);
  let verdict: Verdict = classify(p, threshold);
  const flagged = scored.filter((w) => w.pSpoof > threshold);
  const worst = scored.reduce((a, b) => (b.pSpoof > a.pSpoof ? b : a));
  const share = flagged.length / scored.length;
  explanation.unshift(
    `${flagged.length} of ${scored.length} speech windows scored above the threshold (${threshold.toFixed(3)}); ` +
      `the file's combined score is ${p.toFixed(3)}.`,
  );
  if (flagged.length) {
    explanation.push(
      `Most synthetic-sounding part: ${sec(worst.startSample, sampleRate)}–${sec(worst.endSample, sampleRate)} (P(spoof) ${worst.pSpoof.toFixed(3)}).`,
    );
  }
  if (verdict === 'human' && share >= PARTIAL_SHARE) {
    verdict = 'suspicious';
    explanation.push(`${pct(share)} of the speech scored as synthetic: part of the file may be generated or spliced.`);
  }
  if (speechS < SHORT_SPEECH_S) {
    explanation.push(`Only ${speechS.toFixed(1)} s of speech: verdicts on less than ${SHORT_SPEECH_S} s are less reliable.`);
  }
  return { verdict, pSpoof: p, speechS, timeline, explanation };
}

/** Seconds covered by speech windows, counting overlapping windows once. */
function speechSeconds(windows: readonly ScoredWindow[], rate: number): number {
  let total = 0;
  let end = -1;
  for (const w of windows) {
    if (!w.speech) continue;
    const s = Math.max(w.startSample, end);
    if (w.endSample > s) total += w.endSample - s;
    end = Math.max(end, w.endSample);
  }
  return total / rate;
}

function levelNotes(s: SignalStats): string[] {
  const notes: string[] = [];
  if (s.nonFinite > 0) notes.push(`${s.nonFinite} invalid (NaN or infinite) samples were replaced by silence.`);
  if (s.clippedFraction > 0.001) notes.push(`The audio is clipped (${pct(s.clippedFraction)} of samples at full scale), which can raise scores.`);
  const db = toDbfs(s.rms);
  if (db < -45 && s.rms > 0) notes.push(`The recording is very quiet (${db.toFixed(0)} dBFS).`);
  return notes;
}
