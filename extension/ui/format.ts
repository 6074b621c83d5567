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
 * The one percentage format, for chances of synthesis and thresholds alike: whole percent,
 * "<1%" / ">99%" rather than a rounded 0 or 100 the model never claims; a dash when
 * nothing was scored.
 */
export function percentText(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  const r = Math.round(p * 100);
  if (r <= 0 && p > 0) return '<1%';
  if (r >= 100 && p < 1) return '>99%';
  return `${r}%`;
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
