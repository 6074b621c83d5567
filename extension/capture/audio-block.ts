/**
 * A worklet block from the page, as this content script's own Float32Array. Firefox runs
 * content scripts in a sandbox: a typed array posted on a port that the page created
 * belongs to the page's compartment, so `instanceof Float32Array` is false there; copy it
 * into ours. Anything else is not audio.
 */
export function asAudioBlock(d: unknown): Float32Array | null {
  if (d instanceof Float32Array) return d;
  if (!ArrayBuffer.isView(d) || Object.prototype.toString.call(d) !== '[object Float32Array]') return null;
  const src = d as unknown as ArrayLike<number>;
  if (src.length > 1 << 16) return null;
  return Float32Array.from(src);
}
