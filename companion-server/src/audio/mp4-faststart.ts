/**
 * An MP4 whose index (moov) follows its audio (mdat), as most encoders write it, rewritten
 * with the index first ("fast start"; chunk offsets moved by the index's size). The MP4
 * decoder finds nothing to decode until it has the index, then decodes everything it holds
 * in that one call: 30 minutes of 48 kHz stereo were ~700 MB at once. Index first, it decodes
 * as the bytes come, and decodeAudio's adaptive chunks bound each call's output.
 */
interface Box {
  type: string;
  start: number;
  end: number;
}

/** The top-level boxes, or undefined when their sizes do not tile the file. */
function topLevel(b: Buffer): Box[] | undefined {
  const boxes: Box[] = [];
  for (let o = 0; o + 8 <= b.length; ) {
    let size = b.readUInt32BE(o);
    if (size === 1) size = o + 16 <= b.length ? Number(b.readBigUInt64BE(o + 8)) : 0;
    else if (size === 0) size = b.length - o;
    if (size < 8 || o + size > b.length) return undefined;
    boxes.push({ type: b.toString('latin1', o + 4, o + 8), start: o, end: o + size });
    o += size;
  }
  return boxes;
}

export function moovFirst(bytes: Uint8Array): Uint8Array {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes = topLevel(b);
  const moov = boxes?.find((x) => x.type === 'moov');
  const mdat = boxes?.find((x) => x.type === 'mdat');
  if (!moov || !mdat || moov.start < mdat.start) return bytes;
  const shift = moov.end - moov.start;
  const index = Buffer.from(b.subarray(moov.start, moov.end)); // a copy to patch
  const moved = (off: number) => (off >= mdat.start && off < moov.start ? off + shift : off);
  for (const [type, width] of [['stco', 4], ['co64', 8]] as const) {
    for (let i = index.indexOf(type); i >= 4 && i + 12 <= index.length; i = index.indexOf(type, i + 4)) {
      const count = index.readUInt32BE(i + 8);
      // a real table's box size matches its count (a chance match of the bytes does not)
      if (index.readUInt32BE(i - 4) !== 16 + width * count || i + 12 + width * count > index.length) continue;
      for (let k = 0, p = i + 12; k < count; k++, p += width) {
        if (width === 4) index.writeUInt32BE(moved(index.readUInt32BE(p)), p);
        else index.writeBigUInt64BE(BigInt(moved(Number(index.readBigUInt64BE(p)))), p);
      }
    }
  }
  return Buffer.concat([b.subarray(0, mdat.start), index, b.subarray(mdat.start, moov.start), b.subarray(moov.end)]);
}
