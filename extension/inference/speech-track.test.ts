import { describe, expect, it } from 'vitest';
import type { VoiceActivityDetector } from '../../shared/dsp/vad';
import { SpeechTrack } from './speech-track';

/** A VAD that calls a block speech when its first sample is positive. */
const signVad: VoiceActivityDetector = { speechProbability: (b) => (b[0]! > 0 ? 1 : 0), reset() {} };
const blocks = (...speech: boolean[]) => Float32Array.from(speech.flatMap((s) => Array(512).fill(s ? 0.5 : -0.5)));

describe('SpeechTrack', () => {
  it('answers "was [start, end) speech?" across pushes of any size', async () => {
    const t = new SpeechTrack(signVad);
    const x = blocks(false, false, true, true, true, false);
    await t.push(x.subarray(0, 700));
    await t.push(x.subarray(700));
    expect(t.position).toBe(6 * 512);
    expect(t.fraction(0, 1024)).toBe(0);
    expect(t.fraction(1024, 2560)).toBe(1);
    expect(t.fraction(0, 3072)).toBeCloseTo(0.5);
    expect(t.isSpeech(0, 3072)).toBe(true);
    expect(t.isSpeech(0, 1024)).toBe(false);
  });

  it('forgets history beyond its horizon', async () => {
    const t = new SpeechTrack(signVad, 512, 2048);
    await t.push(blocks(true, true, false, false, false, false));
    expect(t.fraction(0, 1024)).toBe(0); // the speech blocks were dropped
    expect(t.position).toBe(6 * 512);
  });
});
