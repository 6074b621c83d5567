import { percentText } from '../ui/format';

/**
 * A live stream's chart: each window's chance of synthesis (y, 0–100 %) against time
 * (x, seconds before the latest window), with labelled axes and the threshold drawn as a
 * labelled dashed line. Windows without speech leave gaps.
 */
const SVG = 'http://www.w3.org/2000/svg';

export interface LivePoint {
  /** ms timestamp of the window's update. */
  t: number;
  /** The window's chance of synthesis, or null where it held no speech. */
  p: number | null;
}

const BOX = { w: 270, h: 110, left: 42, right: 10, top: 8, bottom: 26 };

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Tick step (s) giving 2–5 ticks over `span` seconds. */
function step(span: number): number {
  for (const s of [5, 10, 15, 30, 60, 120, 300, 600]) if (span / s <= 4) return s;
  return 1200;
}

export function renderTimeline(points: readonly LivePoint[], threshold: number | null): SVGSVGElement {
  const { w, h, left, right, top, bottom } = BOX;
  const x0 = left;
  const x1 = w - right;
  const y0 = top;
  const y1 = h - bottom;
  const svg = el('svg', { viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: 'img' });
  svg.dataset.testid = 'veracall-timeline';
  const scored = points.filter((p) => p.p !== null);
  const last = points.at(-1)?.t ?? 0;
  const span = Math.max(30, points.length ? (last - points[0]!.t) / 1000 : 0);
  const x = (t: number) => x1 - ((last - t) / 1000 / span) * (x1 - x0);
  const y = (p: number) => y1 - Math.min(Math.max(p, 0), 1) * (y1 - y0);
  const above = threshold === null ? 0 : scored.filter((p) => p.p! >= threshold).length;
  svg.setAttribute(
    'aria-label',
    `Chance of synthesis over the last ${Math.round(span)} seconds: ${scored.length} speech windows` +
      (threshold === null ? '.' : `, ${above} at or above the threshold of ${percentText(threshold)}.`),
  );

  // Axes with ticks: chance of synthesis 0/50/100 %, time in seconds before now.
  svg.append(el('line', { class: 'axis', x1: x0, y1: y1, x2: x1, y2: y1 }), el('line', { class: 'axis', x1: x0, y1: y0, x2: x0, y2: y1 }));
  for (const p of [0, 0.5, 1]) {
    svg.append(el('line', { class: 'tick', x1: x0 - 3, y1: y(p), x2: x0, y2: y(p) }), el('text', { class: 'tick-label', x: x0 - 5, y: y(p) + 3, 'text-anchor': 'end' }, `${p * 100}%`));
  }
  const s = step(span);
  for (let ago = 0; ago <= span + 1e-6; ago += s) {
    const tx = x1 - (ago / span) * (x1 - x0);
    svg.append(el('line', { class: 'tick', x1: tx, y1: y1, x2: tx, y2: y1 + 3 }), el('text', { class: 'tick-label', x: tx, y: y1 + 12, 'text-anchor': ago === 0 ? 'end' : 'middle' }, ago === 0 ? 'now' : `−${ago} s`));
  }
  svg.append(el('text', { class: 'axis-title', x: (x0 + x1) / 2, y: h - 2, 'text-anchor': 'middle' }, 'time (seconds ago)'));
  svg.append(el('text', { class: 'axis-title', x: 0, y: 0, 'text-anchor': 'middle', transform: `translate(8 ${(y0 + y1) / 2}) rotate(-90)` }, 'chance of synthesis'));

  if (threshold !== null) {
    const ty = y(threshold);
    svg.append(el('line', { class: 'threshold', x1: x0, y1: ty, x2: x1, y2: ty }));
    svg.append(el('text', { class: 'threshold-label', x: x0 + 3, y: ty < y0 + 10 ? ty + 10 : ty - 3 }, `threshold ${percentText(threshold)}`));
  }

  let seg: string[] = [];
  const flush = () => {
    if (seg.length) svg.append(el('polyline', { class: 'score', points: seg.join(' ') }));
    seg = [];
  };
  for (const p of points) {
    if (p.p === null) flush();
    else seg.push(`${x(p.t).toFixed(1)},${y(p.p).toFixed(1)}`);
  }
  flush();
  return svg;
}
