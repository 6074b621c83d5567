import { textOf, tileReader, type SiteAdapter } from './types';

/**
 * Zoom web client: video tiles `.video-avatar__avatar` (gallery) with the name in
 * `.video-avatar__avatar-footer`; the active speaker's frame has
 * `.speaker-active-container__video-frame` or the `--active` modifier. Audio is one mixed
 * stream (WebRTC or Web Audio).
 */
const reader = tileReader(
  '.video-avatar__avatar, .speaker-active-container__video-frame, .speaker-bar-container__video-frame',
  (t) => textOf(t.querySelector('.video-avatar__avatar-footer span, .video-avatar__avatar-name')) ?? t.getAttribute('aria-label') ?? undefined,
  (t) => t.matches('.speaker-active-container__video-frame, [class*="video-frame--active"], .video-avatar__avatar--speaking'),
);

export const zoom: SiteAdapter = { site: 'zoom', mixedAudio: true, mixedNote: "Zoom's web client mixes every remote voice into one stream, so one badge covers the whole call.", ...reader };
