import { textOf, tileReader, type SiteAdapter } from './types';

/**
 * Microsoft Teams (teams.microsoft.com, teams.live.com, teams.cloud.microsoft): tiles
 * `[data-cid="calling-participant-stream"]` with the name in `[data-tid="participant-name"]`
 * (or `aria-label`); speaking shows as a voice-level outline `[data-tid="voice-level-stream-outline"]`
 * with `data-speaking="true"`/class `speaking`. One mixed remote audio track.
 */
const reader = tileReader(
  '[data-cid="calling-participant-stream"], [data-tid="calling-participant-stream"]',
  (t) => textOf(t.querySelector('[data-tid="participant-name"]')) ?? t.getAttribute('aria-label')?.split(',')[0]?.trim() ?? undefined,
  (t) => t.querySelector('[data-tid="voice-level-stream-outline"][data-speaking="true"], [data-tid="voice-level-stream-outline"].speaking') !== null,
);

export const teams: SiteAdapter = { site: 'teams', mixedAudio: true, mixedNote: "Teams sends every remote voice as one mixed track, so one badge covers the whole call.", ...reader };
