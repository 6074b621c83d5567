import { describe, expect, it } from 'vitest';
import { fromPageSchema, toPageSchema } from './bridge';

describe('page bridge messages', () => {
  it('accepts what the MAIN-world script sends', () => {
    expect(fromPageSchema.safeParse({ kind: 'track', id: 1, sampleRate: 48000, origin: 'webrtc' }).success).toBe(true);
    expect(fromPageSchema.safeParse({ kind: 'ended', id: 1 }).success).toBe(true);
    expect(toPageSchema.safeParse({ kind: 'init', workletUrl: 'chrome-extension://abc/veracall-worklet.js', tapWebAudio: false }).success).toBe(true);
  });

  it('rejects forged or malformed messages from the page', () => {
    for (const m of [null, 'track', { kind: 'track', id: 1, sampleRate: 1e9, origin: 'webrtc' }, { kind: 'track', id: 'x' }, { kind: 'eval', code: '1' }]) {
      expect(fromPageSchema.safeParse(m).success).toBe(false);
    }
  });
});
