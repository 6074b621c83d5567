/** Conversions between float PCM in [-1, 1] and Int16 / base64 for JSON transports. */

export function floatToInt16(x: Float32Array): Int16Array {
  const y = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const c = Number.isFinite(v) ? Math.max(-1, Math.min(1, v)) : 0;
    y[i] = c < 0 ? Math.round(c * 32768) : Math.round(c * 32767);
  }
  return y;
}

export function int16ToFloat(x: Int16Array): Float32Array {
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i]! / 32768;
  return y;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  return t;
})();

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '=';
  }
  return out;
}

export class PcmDecodeError extends Error {
  override name = 'PcmDecodeError';
}

export function base64ToBytes(s: string): Uint8Array {
  const clean = s.replace(/=+$/, '');
  if (clean.length % 4 === 1) throw new PcmDecodeError('base64 has an impossible length');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    let n = 0;
    let k = 0;
    for (; k < 4 && i + k < clean.length; k++) {
      const c = clean.charCodeAt(i + k);
      const v = c < 128 ? B64_INDEX[c]! : -1;
      if (v < 0) throw new PcmDecodeError(`invalid base64 character at ${i + k}`);
      n |= v << (18 - 6 * k);
    }
    out[o++] = (n >> 16) & 255;
    if (k > 2) out[o++] = (n >> 8) & 255;
    if (k > 3) out[o++] = n & 255;
  }
  return out.subarray(0, o);
}

/** Int16 LE samples as base64 (byte order fixed regardless of platform). */
export function int16ToBase64(x: Int16Array): string {
  const b = new Uint8Array(x.length * 2);
  for (let i = 0; i < x.length; i++) {
    b[2 * i] = x[i]! & 255;
    b[2 * i + 1] = (x[i]! >> 8) & 255;
  }
  return bytesToBase64(b);
}

export function base64ToInt16(s: string): Int16Array {
  const b = base64ToBytes(s);
  if (b.length % 2) throw new PcmDecodeError('PCM byte count is odd; Int16 samples expected');
  const y = new Int16Array(b.length / 2);
  for (let i = 0; i < y.length; i++) y[i] = (b[2 * i]! | (b[2 * i + 1]! << 8)) << 16 >> 16;
  return y;
}
