import type { StreamState } from '../../shared/protocol/common';

export const STATE_TEXT: Record<StreamState, string> = {
  listening: 'Listening',
  'no-speech': 'No speech',
  human: 'Human',
  suspicious: 'Suspicious',
  synthetic: 'Likely synthetic',
};

export const isWarning = (s: StreamState) => s === 'suspicious' || s === 'synthetic';
