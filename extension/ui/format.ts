import type { StreamState, Verdict } from '../../shared/protocol/common';

/**
 * The words Veracall shows, in one place (badges, popup, options, verdict log). A model's
 * score is a chance of synthesis: it never proves a voice human, so no state says
 * "human" or "verified", only that nothing synthetic was heard (yet).
 */
const LIVE_TEXT: Record<StreamState, string> = {
  listening: 'Listening…',
  'no-speech': 'No speech yet',
  human: 'No signs of synthesis so far',
  suspicious: 'Suspicious',
  synthetic: 'Likely synthetic',
};

const FILE_TEXT: Record<Verdict, string> = {
  'no-speech': 'No speech found',
  human: 'No signs of synthesis',
  suspicious: 'Suspicious',
  synthetic: 'Likely synthetic',
};

/** A live stream's state (badge, popup's call panel, verdict log). */
export function stateText(s: StreamState): string {
  return LIVE_TEXT[s];
}

/** A whole file's verdict (the popup's file check). */
export function verdictText(v: Verdict): string {
  return FILE_TEXT[v];
}

/**
 * The one percentage format, for chances of synthesis, thresholds and false-alarm rates
 * alike: whole percent, with one decimal within 1 % of either end (0.4%, 99.4%), where the
 * difference matters; "<0.1%" / ">99.9%" rather than a 0 or 100 the model never claims;
 * a dash when nothing was scored.
 */
export function percentText(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  if (p <= 0 || p >= 1) return `${p <= 0 ? 0 : 100}%`;
  const v = p * 100;
  if (v >= 1 && v <= 99) return `${Math.round(v)}%`;
  const d = Math.round(v * 10) / 10;
  if (d <= 0) return '<0.1%';
  if (d >= 100) return '>99.9%';
  return `${d.toFixed(d === Math.round(d) ? 0 : 1)}%`;
}

/** "chance of synthesis 65%", the way a score is written in a sentence. */
export function chanceText(p: number | null | undefined): string {
  return p === null || p === undefined ? 'chance of synthesis not yet known' : `chance of synthesis ${percentText(p)}`;
}

export function secondsText(s: number): string {
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function timeText(t: number): string {
  return new Date(t).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export const SITE_NAMES = { meet: 'Google Meet', zoom: 'Zoom', teams: 'Microsoft Teams', demo: 'Demo page' } as const;
