/**
 * Timeline of a live stream up to its first verdict, for the benchmark (bench/extension.ts
 * reads it from the offscreen document over CDP): where the time between a remote voice's
 * first word and the badge goes. Each mark is kept once (its first occurrence), so a stream
 * costs a dozen numbers; nothing is recorded after the first verdict.
 *
 * Times are epoch milliseconds with sub-ms precision (performance.timeOrigin + now()), so
 * they compare with marks taken in the call page. `sample` is the stream position (16 kHz
 * samples since the stream's first audio) the mark refers to.
 */
export type TraceMark =
  /** offscreen.stream.start received */
  | 'start'
  /** the engine (model + VAD) was ready for this stream */
  | 'engine'
  /** first audio chunk arrived */
  | 'audio'
  /** first 32 ms block above -34 dBFS RMS (the call page's onset level, 0.02) arrived */
  | 'energy'
  /** first VAD block called speech was computed */
  | 'vad'
  /** first window that passed the speech gate was handed to the detector */
  | 'window'
  /** its score came back */
  | 'scored'
  /** the first verdict (human / suspicious / synthetic) was sent */
  | 'verdict';

export interface TraceEntry {
  t: number;
  sample?: number;
  /** Stream position at the end of the chunk that brought `sample` (arrival marks). */
  end?: number;
}

export const now = (): number => performance.timeOrigin + performance.now();

export class LiveTrace {
  readonly marks: Partial<Record<TraceMark, TraceEntry>> = {};

  mark(name: TraceMark, sample?: number, end?: number): void {
    if (this.marks[name]) return;
    this.marks[name] = { t: now(), ...(sample === undefined ? {} : { sample }), ...(end === undefined ? {} : { end }) };
  }

  has(name: TraceMark): boolean {
    return this.marks[name] !== undefined;
  }
}

/** Onset level of the call page's measuring loop (RMS 0.02), per 512-sample block. */
const ONSET_MS = 0.02 * 0.02;

/** Index within `x` of the first 512-sample block whose mean square reaches the onset level, or -1. */
export function energyOnset(x: Float32Array, block = 512): number {
  for (let off = 0; off + block <= x.length; off += block) {
    let s = 0;
    for (let i = off; i < off + block; i++) s += x[i]! * x[i]!;
    if (s / block >= ONSET_MS) return off;
  }
  return -1;
}

/** The traces of this document's streams (the last few), readable by the benchmark as `globalThis.veracallTraces`. */
export class TraceBook {
  private readonly book = new Map<string, LiveTrace>();

  constructor(private readonly keep = 16) {}

  open(streamId: string): LiveTrace {
    const t = new LiveTrace();
    this.book.set(streamId, t);
    while (this.book.size > this.keep) this.book.delete(this.book.keys().next().value!);
    return t;
  }

  get(streamId: string): LiveTrace | undefined {
    return this.book.get(streamId);
  }

  toJSON(): Record<string, LiveTrace['marks']> {
    return Object.fromEntries([...this.book].map(([id, t]) => [id, t.marks]));
  }
}
