import type { StreamState, Verdict } from '../../shared/protocol/common';

const STATE_TEXT: Record<StreamState, string> = {
  listening: 'Listening…',
  'no-speech': 'No speech yet',
  human: 'Likely human',
  suspicious: 'Suspicious',
  synthetic: 'Likely synthetic',
};

export function stateText(s: StreamState | Verdict): string {
  return s === 'no-speech' ? 'No speech found' : STATE_TEXT[s];
}

/** Calibrated P(spoof) as a percentage, or a dash when nothing was scored. */
export function scoreText(p: number | null): string {
  return p === null ? '—' : `${Math.round(p * 100)}%`;
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
