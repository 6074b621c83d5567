import { describe, expect, it } from 'vitest';
import { base64ToInt16, int16ToBase64, PcmDecodeError } from '../../../shared/index';
import { Base64Error, decodePcmBase64 } from './pcm-base64';

describe('decodePcmBase64', () => {
  it('decodes like the portable decoder for every length, padded or not', () => {
    for (let n = 0; n < 12; n++) {
      const x = Int16Array.from({ length: n }, (_, i) => (i * 7919 - 30000) | 0);
      const b64 = int16ToBase64(x);
      expect(Array.from(decodePcmBase64(b64))).toEqual(Array.from(base64ToInt16(b64)));
      expect(Array.from(decodePcmBase64(b64.replace(/=+$/, '')))).toEqual(Array.from(x));
    }
  });

  it('refuses characters outside the alphabet, which Node would skip silently', () => {
    for (const bad of ['not base64!', 'AAAA AAAA', 'AA-A', 'AA_A', 'AA=A', 'AAAA===']) expect(() => decodePcmBase64(bad)).toThrow(Base64Error);
  });

  it('refuses impossible lengths and odd byte counts as PCM errors', () => {
    expect(() => decodePcmBase64('A')).toThrow(PcmDecodeError);
    expect(() => decodePcmBase64('QUJD')).toThrow(/odd/);
  });
});
