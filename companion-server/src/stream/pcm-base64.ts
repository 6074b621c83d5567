import { endianness } from 'node:os';
import { base64ToInt16, PcmDecodeError } from '../../../shared/index';

/** The base64 holds characters outside the standard alphabet (the client's message is malformed). */
export class Base64Error extends Error {
  override name = 'Base64Error';
}

const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * base64 of Int16 LE samples → Int16Array, with Node's native decoder: the protocol schema's
 * regex and the portable decoder in shared/ cost ~2.7 ms per 170 KB frame on the event
 * loop; this is a fraction of that. Node skips characters outside the alphabet, so a
 * decoded length short of what the string's length implies is how they are caught.
 */
export function decodePcmBase64(s: string): Int16Array {
  if (!LITTLE_ENDIAN) return base64ToInt16(s);
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61 /* = */) end--;
  if (s.length - end > 2) throw new Base64Error('pcm: base64 expected');
  if (end % 4 === 1) {
    // rare (a malformed message): the alphabet is checked first, as the protocol schema would
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new Base64Error('pcm: base64 expected');
    throw new PcmDecodeError('base64 has an impossible length');
  }
  const bytes = Buffer.from(s, 'base64');
  // '-' and '_' are base64url, which Node also accepts: not this protocol's alphabet
  if (bytes.length !== Math.floor((end * 3) / 4) || s.includes('-') || s.includes('_')) throw new Base64Error('pcm: base64 expected');
  if (bytes.length % 2) throw new PcmDecodeError('PCM byte count is odd; Int16 samples expected');
  // a copy aligned for Int16Array, shape [bytes / 2]
  return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}
