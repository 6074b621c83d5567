import type { StreamState } from '../../shared/protocol/common';

/** States that warn the user (badge colour, announcement, toolbar icon). */
export const isWarning = (s: StreamState) => s === 'suspicious' || s === 'synthetic';
