/**
 * The most a decoder can make of an MP4 audio track, read from its boxes: samples in the
 * track's sample table (stsz) and output per sample from the sample entry's esds (AAC's
 * AudioSpecificConfig). Where a field cannot be read the bound is the larger one.
 */
export interface Mp4Output {
  /** Most decoded frames (per channel) per MP4 sample. */
  framesPerSample: number;
  /** Most output channels. */
  channels: number;
  /** Output rate (AAC with SBR decodes at twice its core rate). */
  sampleRate: number;
}

/** Channels counted when the AAC config defers to a program config element (could be many). */
const PCE_CHANNELS = 8;
const AAC_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

/** The bounds of the track (trak box) that holds `at`; the whole file when none is found. */
export function trakAround(buf: Buffer, at: number): { start: number; end: number } {
  const t = buf.lastIndexOf('trak', at);
  const end = t >= 4 ? Math.min(buf.length, t - 4 + buf.readUInt32BE(t - 4)) : 0;
  return end > at ? { start: t, end } : { start: 0, end: buf.length };
}

/** Samples in the sample table of the track that holds the sample entry at `entryAt`; 0 when unreadable. */
export function sampleCount(buf: Buffer, entryAt: number): number {
  const { start: t, end } = trakAround(buf, entryAt);
  for (const type of ['stsz', 'stz2']) {
    for (let i = buf.indexOf(type, t); i >= 4 && i + 16 <= end; i = buf.indexOf(type, i + 4)) {
      const size = buf.readUInt32BE(i - 4);
      const count = buf.readUInt32BE(i + 12);
      // a real box's size matches its count (a chance match of the bytes does not)
      const fixed = type === 'stsz' && buf.readUInt32BE(i + 8) !== 0;
      const expected = fixed ? 20 : type === 'stsz' ? 20 + 4 * count : 20 + Math.ceil((count * (buf[i + 11]! || 32)) / 8);
      if (size === expected && i - 4 + size <= end) return count;
    }
  }
  return 0;
}

/** Output per sample of an `mp4a` entry at `entryAt` (its esds says AAC, MP3 or nothing readable). */
export function mp4aOutput(buf: Buffer, entryAt: number, stsdChannels: number, stsdRate: number): Mp4Output {
  const unknown: Mp4Output = { framesPerSample: 2048, channels: Math.max(stsdChannels, 2), sampleRate: 2 * stsdRate };
  const cfg = decoderConfig(buf, entryAt);
  if (!cfg) return unknown;
  if (cfg.objectType === 0x69 || cfg.objectType === 0x6b) return { framesPerSample: 1152, channels: Math.max(1, Math.min(stsdChannels, 2)), sampleRate: stsdRate };
  if (![0x40, 0x66, 0x67, 0x68].includes(cfg.objectType) || !cfg.asc) return unknown;
  const r = bits(cfg.asc);
  let aot = r(5);
  if (aot === 31) aot = 32 + r(6);
  const sfi = r(4);
  const core = (sfi === 15 ? r(24) : AAC_RATES[sfi]) || stsdRate;
  const chanCfg = r(4);
  const channels = chanCfg >= 1 && chanCfg <= 6 ? chanCfg : chanCfg === 7 ? 8 : PCE_CHANNELS;
  // SBR doubles the output rate: signalled (5, 29), or implicit, which decoders assume up to 24 kHz;
  // parametric stereo makes mono two channels.
  const sbr = aot === 5 || aot === 29 || core <= 24000;
  return { framesPerSample: sbr ? 2048 : 1024, channels: sbr ? Math.max(channels, stsdChannels, 2) : Math.max(channels, stsdChannels), sampleRate: sbr ? 2 * core : core };
}

/** The esds' DecoderConfigDescriptor: object type and DecoderSpecificInfo (the AudioSpecificConfig). */
function decoderConfig(buf: Buffer, entryAt: number): { objectType: number; asc?: Buffer } | undefined {
  const e = buf.indexOf('esds', entryAt);
  if (e < 0 || e > entryAt + 1024) return undefined;
  const end = Math.min(buf.length, e - 4 + buf.readUInt32BE(e - 4));
  let o = e + 8; // past 'esds' and version/flags
  const descriptor = () => {
    if (o + 2 > end) return undefined;
    const tag = buf[o++]!;
    let len = 0;
    for (let k = 0; k < 4 && o < end; k++) {
      const c = buf[o++]!;
      len = (len << 7) | (c & 0x7f);
      if (!(c & 0x80)) break;
    }
    return { tag, at: o, len };
  };
  const es = descriptor();
  if (es?.tag !== 0x03) return undefined;
  const flags = buf[o + 2] ?? 0;
  o += 3 + (flags & 0x80 ? 2 : 0);
  if (flags & 0x40) o += 1 + (buf[o] ?? 0);
  if (flags & 0x20) o += 2;
  const dc = descriptor();
  if (dc?.tag !== 0x04 || o + 13 > end) return undefined;
  const objectType = buf[o]!;
  o += 13;
  const dsi = descriptor();
  return { objectType, asc: dsi?.tag === 0x05 && dsi.at + dsi.len <= end ? buf.subarray(dsi.at, dsi.at + dsi.len) : undefined };
}

/** A big-endian bit reader over `b`; reads past the end give 0. */
function bits(b: Buffer): (n: number) => number {
  let pos = 0;
  return (n) => {
    let v = 0;
    for (let k = 0; k < n; k++, pos++) v = v * 2 + (((b[pos >> 3] ?? 0) >> (7 - (pos & 7))) & 1);
    return v;
  };
}
