/**
 * A score timeline as an SVG polyline: x = window index (latest right), y = P(spoof).
 * Windows without speech leave gaps. The threshold is drawn as a dashed line.
 */
const SVG = 'http://www.w3.org/2000/svg';

export function renderTimeline(points: readonly (number | null)[], threshold: number | null, w = 240, h = 60): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(h));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Score timeline, ${points.filter((p) => p !== null).length} scored windows`);
  svg.dataset.testid = 'veracall-timeline';
  const n = Math.max(points.length, 2);
  const x = (i: number) => (i / (n - 1)) * w;
  const y = (p: number) => h - p * h;
  if (threshold !== null) {
    const line = document.createElementNS(SVG, 'line');
    line.setAttribute('x1', '0');
    line.setAttribute('x2', String(w));
    line.setAttribute('y1', String(y(threshold)));
    line.setAttribute('y2', String(y(threshold)));
    line.setAttribute('class', 'threshold');
    svg.append(line);
  }
  let seg: string[] = [];
  const flush = () => {
    if (seg.length) {
      const pl = document.createElementNS(SVG, 'polyline');
      pl.setAttribute('points', seg.join(' '));
      pl.setAttribute('class', 'score');
      svg.append(pl);
    }
    seg = [];
  };
  points.forEach((p, i) => (p === null ? flush() : seg.push(`${x(i).toFixed(1)},${y(p).toFixed(1)}`)));
  flush();
  return svg;
}
