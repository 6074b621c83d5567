import { textOf, tileReader, type SiteAdapter } from './types';

/** Veracall's own demo / test call page on 127.0.0.1 or localhost. */
const reader = tileReader(
  '[data-veracall-participant]',
  (t) => t.getAttribute('data-veracall-participant') || textOf(t),
  (t) => t.getAttribute('data-speaking') === 'true',
);

export const demo: SiteAdapter = { site: 'demo', mixedAudio: false, ...reader };
