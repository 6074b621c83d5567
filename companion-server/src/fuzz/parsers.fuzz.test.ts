/**
 * Property-based fuzzing of everything that parses bytes from outside: the audio header
 * reader, the decoder entry point, binary audio frames and WebSocket JSON messages.
 * Mutations start from valid seeds (WAV, FLAC-like, frames), so the runs reach deep paths
 * rather than failing on the first magic number. (Jazzer.js, coverage-guided, needs a
 * prebuilt native addon downloaded at install time, which this project does not allow.)
 *
 * In CI a few seconds (FUZZ_RUNS unset); longer on demand: `npm run fuzz` (FUZZ_RUNS=20000),
 * with FUZZ_SEED=<n> to replay a failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AudioFrameError, clientMessageSchema, decodeAudioFrame, encodeAudioFrame, floatToInt16, safeParseWith } from '../../../shared/index';
import { readDeclaredAudio } from '../audio/audio-header';
import { AudioDecodeError, decodeAudio } from '../audio/decode-audio';
import { encodeWav, speechLike } from '../testing/audio';
import { MODEL_SAMPLE_RATE } from '../../../shared/model/sample-rate';

const RUNS = Number(process.env.FUZZ_RUNS ?? 0);
const params = (ciRuns: number) => ({ numRuns: RUNS || ciRuns, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) });

const wavSeed = encodeWav([speechLike(0.05, 8000, 0.5)], 8000);
const flacSeed = (() => {
  const b = Buffer.alloc(200);
  b.write('fLaC', 0);
  b[4] = 0x80; // last metadata block, STREAMINFO
  b[7] = 34;
  return b;
})();
const frameSeed = encodeAudioFrame('tab.1', 7, floatToInt16(speechLike(0.01)));

/** A seed with random bytes overwritten, inserted or cut. */
const mutated = (seed: Uint8Array) =>
  fc
    .tuple(fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }), fc.nat(seed.length), fc.boolean())
    .map(([edits, cut, doCut]) => {
      const b = Uint8Array.from(seed);
      for (const [i, v] of edits) b[i] = v;
      return doCut ? b.subarray(0, cut) : b;
    });

const timeoutMs = RUNS ? 600_000 : 30_000;

describe('fuzz: audio header reader', () => {
  it('never throws, and reports only plausible-typed numbers', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(wavSeed), mutated(flacSeed), fc.uint8Array({ maxLength: 300 })), fc.constantFrom('wav', 'flac', 'm4a'), (bytes, format) => {
        const d = readDeclaredAudio(bytes, format);
        if (d) {
          expect(Number.isFinite(d.sampleRate)).toBe(true);
          expect(Number.isFinite(d.channels)).toBe(true);
        }
      }),
      params(3000),
    );
  });
});

describe('fuzz: decodeAudio', () => {
  it('answers any bytes with audio within the limits or a named AudioDecodeError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated(wavSeed), mutated(flacSeed), fc.uint8Array({ maxLength: 2000 })), async (bytes) => {
        const r = await decodeAudio(bytes, { maxSeconds: 5 }).catch((e: unknown) => e);
        if (r instanceof Error) expect(r).toBeInstanceOf(AudioDecodeError);
        else expect((r as { samples: Float32Array }).samples.length).toBeLessThanOrEqual(5 * MODEL_SAMPLE_RATE + 1);
      }),
      params(150),
    );
  }, timeoutMs);
});

describe('fuzz: WebSocket input', () => {
  it('binary frames: decoded or AudioFrameError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(frameSeed), fc.uint8Array({ maxLength: 300 })), (bytes) => {
        try {
          const f = decodeAudioFrame(bytes);
          expect(f.pcm.length * 2 + 7 + f.streamId.length).toBe(bytes.length);
        } catch (err) {
          expect(err).toBeInstanceOf(AudioFrameError);
        }
      }),
      params(3000),
    );
  });

  it('JSON messages: the schema never throws, whatever arrives', () => {
    const messageLike = fc.record(
      { v: fc.oneof(fc.constant(1), fc.anything()), type: fc.constantFrom('hello', 'stream.start', 'audio', 'stream.end', 'ping', 'x'), streamId: fc.string(), seq: fc.anything(), sampleRate: fc.anything(), pcm: fc.string(), token: fc.anything(), t: fc.anything() },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), messageLike, fc.anything()), (json) => {
        const r = safeParseWith(clientMessageSchema, json);
        if (!r.ok) expect(typeof r.error).toBe('string');
      }),
      params(2000),
    );
  });
});
