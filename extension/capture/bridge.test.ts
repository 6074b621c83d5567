import { describe, expect, it } from 'vitest';
import { parseInit } from './bridge';
import { fromPageSchema, toPageSchema } from './bridge-schema';

describe('page bridge messages', () => {
  it('accepts what the MAIN-world script sends', () => {
    expect(fromPageSchema.safeParse({ kind: 'track', id: 1, sampleRate: 48000, origin: 'webrtc' }).success).toBe(true);
    expect(fromPageSchema.safeParse({ kind: 'ended', id: 1 }).success).toBe(true);
    expect(toPageSchema.safeParse({ kind: 'init', workletUrl: 'chrome-extension://abc/veracall-worklet.js', tapWebAudio: false }).success).toBe(true);
  });

  it('the MAIN world accepts only an init naming our worklet', () => {
    expect(parseInit({ kind: 'init', workletUrl: 'chrome-extension://abc/veracall-worklet.js', tapWebAudio: true })).toEqual({
      kind: 'init',
      workletUrl: 'chrome-extension://abc/veracall-worklet.js',
      tapWebAudio: true,
    });
    expect(parseInit({ kind: 'init', workletUrl: 'https://evil.example/x.js', tapWebAudio: true })).toBeNull();
    expect(parseInit({ kind: 'init', workletUrl: 'chrome-extension://abc/veracall-worklet.js' })).toBeNull();
    expect(parseInit(null)).toBeNull();
  });

  it('rejects forged or malformed messages from the page', () => {
    for (const m of [null, 'track', { kind: 'track', id: 1, sampleRate: 1e9, origin: 'webrtc' }, { kind: 'track', id: 'x' }, { kind: 'eval', code: '1' }]) {
      expect(fromPageSchema.safeParse(m).success).toBe(false);
    }
  });
});
