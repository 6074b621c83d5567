import { describe, expect, it } from 'vitest';
import { chanceText, percentText, stateText, verdictText } from './format';

describe('words and numbers', () => {
  it('one percentage format: whole percent, a decimal near the ends, never a false 0 or 100', () => {
    expect([0.65, 0.5, 0.889, 0.01, 0.99].map(percentText)).toEqual(['65%', '50%', '89%', '1%', '99%']);
    expect([0.994, 0.004, 0.0004, 0.9996, 0.995].map(percentText)).toEqual(['99.4%', '0.4%', '<0.1%', '>99.9%', '99.5%']);
    expect([0, 1, null, undefined, Number.NaN].map(percentText)).toEqual(['0%', '100%', '—', '—', '—']);
  });

  it('states the score as a chance of synthesis and never calls a voice human', () => {
    expect(chanceText(0.65)).toBe('chance of synthesis 65%');
    const all = [...(['listening', 'no-speech', 'human', 'suspicious', 'synthetic'] as const).map(stateText), ...(['no-speech', 'human', 'suspicious', 'synthetic'] as const).map(verdictText)];
    expect(all.join(' ')).not.toMatch(/human|verified|genuine|real/i);
    expect(stateText('human')).toBe('No signs of synthesis so far');
  });
});
