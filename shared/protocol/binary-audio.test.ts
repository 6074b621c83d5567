import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AudioFrameError, decodeAudioFrame, encodeAudioFrame, readySchema } from './companion-ws';

describe('binary audio frames', () => {
  it('round-trip any stream id, seq and samples', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/), fc.nat(2 ** 32 - 1), fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 400 }), (id, seq, xs) => {
        const f = decodeAudioFrame(encodeAudioFrame(id, seq, Int16Array.from(xs)));
        expect(f.streamId).toBe(id);
        expect(f.seq).toBe(seq);
        expect(Array.from(f.pcm)).toEqual(xs);
      }),
    );
  });

  it('decode at an odd offset inside a larger buffer (as ws hands out Buffers)', () => {
    const frame = encodeAudioFrame('s', 3, Int16Array.from([1, -2, 300]));
    const big = new Uint8Array(frame.length + 1);
    big.set(frame, 1);
    expect(Array.from(decodeAudioFrame(big.subarray(1)).pcm)).toEqual([1, -2, 300]);
  });

  it('refuse anything malformed with AudioFrameError, never another exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeAudioFrame(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(AudioFrameError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('ready may omit binaryAudio (older companions)', () => {
    const base = { v: 1, type: 'ready', sessionId: 'x', engine: 'e', defaultModel: 'm', models: [], limits: { maxStreams: 1, maxFrameBytes: 1, maxPendingWindows: 1 } };
    expect(readySchema.parse(base).binaryAudio).toBeUndefined();
    expect(readySchema.parse({ ...base, binaryAudio: true }).binaryAudio).toBe(true);
  });
});
