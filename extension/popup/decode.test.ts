import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '../../shared/dsp/pcm';
import { checkDecoded, checkFile, downmix, encodePcm, fastBase64, FileDecodeError, MAX_DURATION_S, MAX_FILE_BYTES } from './decode';

describe('file checks', () => {
  it('refuses empty, oversized and non-media files with the file name in the message', () => {
    expect(() => checkFile({ name: 'a.wav', size: 0, type: 'audio/wav' })).toThrow(/“a.wav” is empty/);
    expect(() => checkFile({ name: 'big.mp4', size: MAX_FILE_BYTES + 1, type: 'video/mp4' })).toThrow(/limit is 200 MB/);
    expect(() => checkFile({ name: 'x.pdf', size: 10, type: 'application/pdf' })).toThrow(FileDecodeError);
  });

  it('accepts audio, video and files without a type (the decoder decides)', () => {
    expect(() => checkFile({ name: 'a.wav', size: 10, type: 'audio/wav' })).not.toThrow();
    expect(() => checkFile({ name: 'a.webm', size: 10, type: 'video/webm' })).not.toThrow();
    expect(() => checkFile({ name: 'a.opus', size: 10, type: '' })).not.toThrow();
  });

  it('refuses decoded audio that is empty or too long', () => {
    expect(() => checkDecoded({ durationS: 0, samples: 0 }, 'e.wav')).toThrow(/holds no audio/);
    expect(() => checkDecoded({ durationS: MAX_DURATION_S + 1, samples: 10 }, 'l.wav')).toThrow(/limit is 15 min/);
    expect(() => checkDecoded({ durationS: 3, samples: 48000 }, 'ok.wav')).not.toThrow();
  });
});

describe('downmix', () => {
  it('averages channels', () => {
    const m = downmix([Float32Array.from([1, 0, -1]), Float32Array.from([0, 0, 1])]);
    expect(Array.from(m)).toEqual([0.5, 0, 0]);
  });
  it('passes mono through and handles no channels', () => {
    const a = Float32Array.from([0.25]);
    expect(downmix([a])).toBe(a);
    expect(downmix([]).length).toBe(0);
  });
});

describe('encodePcm', () => {
  it('encodes Int16 little-endian as base64, clipping out-of-range samples', () => {
    const bytes = base64ToBytes(encodePcm(Float32Array.from([0, 1, -1, 2])));
    const i16 = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
    expect(Array.from(i16)).toEqual([0, 32767, -32768, 32767]);
  });
});

describe('fastBase64', () => {
  it('matches the shared encoder across chunk boundaries and every padding length', () => {
    for (const n of [0, 1, 2, 3, 24575, 24576, 24577, 50000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);
      expect(fastBase64(bytes)).toBe(bytesToBase64(bytes));
    }
  });
});
