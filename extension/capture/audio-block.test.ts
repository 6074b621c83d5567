import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { asAudioBlock } from './audio-block';

describe('asAudioBlock', () => {
  it('keeps our own Float32Array as is', () => {
    const a = new Float32Array([0.1, 0.2]);
    expect(asAudioBlock(a)).toBe(a);
  });

  it("copies a Float32Array from another realm (Firefox's page compartment), where instanceof fails", () => {
    const foreign = runInNewContext('new Float32Array([0.5, -0.5])') as Float32Array;
    expect(foreign instanceof Float32Array).toBe(false);
    const got = asAudioBlock(foreign)!;
    expect(got).toBeInstanceOf(Float32Array);
    expect([...got]).toEqual([0.5, -0.5]);
  });

  it('refuses anything else', () => {
    for (const x of [null, 'pcm', [0.1], new Int16Array(4), { length: 2, 0: 1, 1: 2 }]) expect(asAudioBlock(x)).toBeNull();
  });
});
