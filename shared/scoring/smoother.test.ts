import { describe, expect, it } from 'vitest';
import { StreamSmoother } from './smoother';

describe('StreamSmoother', () => {
  it('starts listening and reports no-speech after silent windows', () => {
    const s = new StreamSmoother({ threshold: 0.5, silentWindowsForNoSpeech: 3 });
    expect(s.current.state).toBe('listening');
    s.update(null);
    s.update(null);
    expect(s.update(null)).toMatchObject({ state: 'no-speech', changed: true, pSpoof: null });
  });

  it('gives a verdict from the first speech window', () => {
    const s = new StreamSmoother({ threshold: 0.5 });
    expect(s.update(0.95).state).toBe('synthetic');
  });

  it('does not flicker when scores hover around the threshold', () => {
    const s = new StreamSmoother({ threshold: 0.5, decay: 0, hysteresis: 0.4 });
    s.update(0.9);
    const states = [0.45, 0.52, 0.46, 0.55, 0.47].map((p) => s.update(p).state);
    expect(new Set(states)).toEqual(new Set(['synthetic']));
    expect(s.update(0.05).state).toBe('human');
  });

  it('smooths a single outlier away', () => {
    const s = new StreamSmoother({ threshold: 0.5, decay: 0.6 });
    for (let i = 0; i < 5; i++) s.update(0.05);
    expect(s.update(0.9).state).not.toBe('synthetic');
  });

  it('keeps its verdict through silence and re-evaluates when the threshold changes', () => {
    const s = new StreamSmoother({ threshold: 0.9 });
    s.update(0.7);
    expect(s.current.state).toBe('suspicious');
    expect(s.update(null).state).toBe('suspicious');
    expect(s.setThreshold(0.6)).toMatchObject({ state: 'synthetic', changed: true });
    s.reset();
    expect(s.current).toMatchObject({ state: 'listening', pSpoof: null });
  });
});
