import { describe, expect, it } from 'vitest';
import { base64ToInt16 } from '../../shared/dsp/pcm';
import { StreamUplink } from './stream-uplink';

describe('StreamUplink', () => {
  it('resamples 48 kHz blocks to 16 kHz Int16 chunks, held until the stream is accepted', () => {
    const sent: Array<{ seq: number; n: number }> = [];
    const up = new StreamUplink('s', 48000, (seq, pcm) => sent.push({ seq, n: base64ToInt16(pcm).length }));
    for (let i = 0; i < 30; i++) up.push(new Float32Array(1024).fill(0.1)); // 0.64 s
    expect(sent).toEqual([]);
    up.accept(true);
    expect(sent.length).toBe(3);
    expect(sent.map((s) => s.seq)).toEqual([0, 1, 2]);
    expect(sent.every((s) => s.n === 3200)).toBe(true);
  });

  it('drops everything when the stream is refused (no model)', () => {
    const sent: number[] = [];
    const up = new StreamUplink('s', 16000, (seq) => sent.push(seq));
    up.push(new Float32Array(8000));
    up.accept(false);
    up.push(new Float32Array(8000));
    expect(sent).toEqual([]);
  });
});
