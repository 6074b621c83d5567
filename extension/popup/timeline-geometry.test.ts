import { describe, expect, it } from 'vitest';
import type { TimelinePoint } from '../../shared/protocol/analysis';
import { timelineGeometry, type PlotBox } from './timeline-geometry';

const box: PlotBox = { width: 110, height: 110, pad: { top: 0, right: 10, bottom: 10, left: 0 } }; // plot 100 × 100
const w = (startS: number, pSpoof: number | null, speech = pSpoof !== null): TimelinePoint => ({ startS, endS: startS + 1, pSpoof, speech });

describe('timelineGeometry', () => {
  it('maps time left to right and P(spoof) bottom to top, with the threshold line', () => {
    const g = timelineGeometry([w(0, 0), w(1, 1)], 0.7, 2, box);
    expect(g.dots.map((d) => [d.x, d.y])).toEqual([
      [25, 100],
      [75, 0],
    ]);
    expect(g.thresholdY).toBe(30);
    expect(g.dots.map((d) => d.above)).toEqual([false, true]);
  });

  it('breaks the line at unscored windows and greys non-speech spans, merged where they touch', () => {
    const g = timelineGeometry([w(0, 0.2), w(1, 0.3), w(2, null), w(3, null), w(4, 0.9), w(5, 0.8), w(6, 0.1), w(7, null)], 0.5, 8, box);
    expect(g.lines).toEqual(['6.3,80 18.8,70', '56.3,10 68.8,20 81.3,90']);
    expect(g.silences).toEqual([
      { x: 25, width: 25 },
      { x: 87.5, width: 12.5 },
    ]);
  });

  it('sorts windows and clamps out-of-range times', () => {
    const g = timelineGeometry([w(1, 0.5), w(0, 0.5)], 0.5, 1, box);
    expect(g.durationS).toBe(2);
    expect(g.dots[0]!.x).toBeLessThan(g.dots[1]!.x);
  });

  it('puts ticks on both axes: round seconds along time, 0–100 % along chance of synthesis', () => {
    const g = timelineGeometry([w(0, 0.5)], 0.5, 8, box);
    expect(g.xTicks.map((t) => t.s)).toEqual([0, 2, 4, 6, 8]);
    expect(g.xTicks.map((t) => t.x)).toEqual([0, 25, 50, 75, 100]);
    expect(g.yTicks).toEqual([
      { p: 0, y: 100 },
      { p: 0.25, y: 75 },
      { p: 0.5, y: 50 },
      { p: 0.75, y: 25 },
      { p: 1, y: 0 },
    ]);
    expect(timelineGeometry([], 0.5, 95, box).xTicks.map((t) => t.s)).toEqual([0, 20, 40, 60, 80]);
    expect(timelineGeometry([], 0.5, 2.5, box).xTicks.map((t) => t.s)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
  });

  it('copes with no windows', () => {
    const g = timelineGeometry([], 0.5, 0, box);
    expect(g).toMatchObject({ lines: [], dots: [], silences: [] });
  });
});
