import { describe, expect, it } from 'vitest';
import { base64ToInt16, bytesToBase64, base64ToBytes, floatToInt16, int16ToBase64, int16ToFloat, PcmDecodeError } from './pcm';

describe('PCM conversions', () => {
  it('round-trips Int16 through base64 in little-endian order', () => {
    const x = Int16Array.from([0, 1, -1, 32767, -32768, 12345, -2]);
    const b64 = int16ToBase64(x);
    expect(b64).toBe(Buffer.from(new Uint8Array(x.buffer)).toString('base64'));
    expect(Array.from(base64ToInt16(b64))).toEqual(Array.from(x));
  });

  it('matches Node base64 for every length remainder', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37) & 255);
      expect(bytesToBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(Array.from(base64ToBytes(bytesToBase64(b)))).toEqual(Array.from(b));
    }
  });

  it('clamps and zeroes bad floats when converting to Int16', () => {
    const y = floatToInt16(Float32Array.from([2, -2, NaN, Infinity, 0.5]));
    expect(Array.from(y)).toEqual([32767, -32768, 0, 0, 16384]);
    expect(int16ToFloat(Int16Array.from([-32768]))[0]).toBe(-1);
  });

  it('rejects malformed base64 and odd byte counts', () => {
    expect(() => base64ToInt16('a$bc')).toThrow(PcmDecodeError);
    expect(() => base64ToInt16(bytesToBase64(Uint8Array.from([1, 2, 3])))).toThrow(/odd/);
    expect(() => base64ToBytes('abcde')).toThrow(/length/);
  });
});
