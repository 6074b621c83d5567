import { describe, expect, it } from 'vitest';
import { frameSignal, Framer } from './framer';

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => i);

describe('Framer (streaming)', () => {
  it('emits windows every hop with their start sample, across arbitrary push sizes', () => {
    const f = new Framer(10, 4);
    const x = ramp(30);
    const frames = [...f.push(x.subarray(0, 3)), ...f.push(x.subarray(3, 17)), ...f.push(x.subarray(17))];
    expect(frames.map((w) => w.startSample)).toEqual([0, 4, 8, 12, 16, 20]);
    expect(frames.map((w) => w.index)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const w of frames) expect(Array.from(w.samples)).toEqual(Array.from(ramp(10), (v) => v + w.startSample));
    expect(f.position).toBe(30);
  });

  it('keeps memory bounded for a long stream', () => {
    const f = new Framer(320, 160);
    let n = 0;
    for (let i = 0; i < 1000; i++) n += f.push(new Float32Array(1000)).length;
    expect(n).toBe(Math.floor((1_000_000 - 320) / 160) + 1);
  });

  it('skips lost samples: windows touching them are counted lost, later ones keep the stream positions', () => {
    const f = new Framer(10, 4);
    const x = ramp(40);
    const before = f.push(x.subarray(0, 13)); // the window at 0 is cut; the one at 4 waits for sample 13
    expect(before.map((w) => w.startSample)).toEqual([0]);
    expect(f.skip(5)).toBe(4); // samples 13..17 lost: the windows at 4, 8, 12 and 16 would hold some
    const after = f.push(x.subarray(18));
    expect(after.map((w) => [w.index, w.startSample])).toEqual([[5, 20], [6, 24], [7, 28]]);
    for (const w of after) expect(Array.from(w.samples)).toEqual(Array.from(ramp(10), (v) => v + w.startSample));
    expect(f.position).toBe(40);
  });

  it('starts over after reset', () => {
    const f = new Framer(4, 2);
    f.push(ramp(7));
    f.reset();
    expect(f.push(ramp(4))[0]).toMatchObject({ index: 0, startSample: 0 });
  });

  it('rejects a hop larger than the window', () => {
    expect(() => new Framer(4, 5)).toThrow(RangeError);
  });
});

describe('frameSignal (whole files)', () => {
  it('zero-pads a signal shorter than one window', () => {
    const w = frameSignal(ramp(3), 5, 2);
    expect(w).toHaveLength(1);
    expect(Array.from(w[0]!.samples)).toEqual([0, 1, 2, 0, 0]);
  });

  it('adds a final window aligned to the end when the tail is long', () => {
    const w = frameSignal(ramp(23), 10, 5);
    expect(w.map((f) => f.startSample)).toEqual([0, 5, 10, 13]);
  });

  it('returns nothing for an empty signal', () => {
    expect(frameSignal(new Float32Array(0), 10, 5)).toEqual([]);
  });
});
