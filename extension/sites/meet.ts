import { textOf, tileReader, type SiteAdapter } from './types';

/**
 * Google Meet: tiles carry `data-participant-id`; the display name sits in
 * `[data-self-name]` (or the tile's `data-name` / first `.notranslate`); the speaking
 * indicator is an element with `data-speaking="true"` or the `.speaking` class inside it.
 * Meet sends ~3 remote tracks that carry the loudest speakers, reassigned as people speak.
 */
const reader = tileReader(
  '[data-participant-id]',
  (t) => t.getAttribute('data-name') ?? textOf(t.querySelector('[data-self-name]')) ?? textOf(t.querySelector('.notranslate')),
  (t) => t.matches('[data-speaking="true"], .speaking') || t.querySelector('[data-speaking="true"], .speaking') !== null,
);

export const meet: SiteAdapter = { site: 'meet', mixedAudio: false, ...reader };
