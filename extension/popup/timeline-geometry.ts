import type { TimelinePoint } from '../../shared/protocol/analysis';

export interface PlotBox {
  width: number;
  height: number;
  /** Inner margins for the axes' labels. */
  pad: { top: number; right: number; bottom: number; left: number };
}

export interface TimelineGeometry {
  /** Grey bands where windows held no speech, merged where they touch. */
  silences: { x: number; width: number }[];
  /** Polylines through scored windows' centres, broken where a window was not scored. */
  lines: string[];
  /** Scored windows' centres, flagged when above the threshold. */
  dots: { x: number; y: number; p: number; above: boolean; startS: number; endS: number }[];
  thresholdY: number;
  /** Axis ticks: seconds along x, chance of synthesis (0–1) along y, each with its position. */
  xTicks: { s: number; x: number }[];
  yTicks: { p: number; y: number }[];
  plot: { x0: number; x1: number; y0: number; y1: number };
  durationS: number;
}

export const DEFAULT_BOX: PlotBox = { width: 320, height: 140, pad: { top: 8, right: 10, bottom: 30, left: 40 } };

/** A "nice" tick step (1, 2 or 5 × 10^n seconds) giving at most `max` intervals over `span`. */
export function tickStep(span: number, max = 5): number {
  const raw = span / max;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** Maps per-window scores onto an SVG box: time left to right, P(spoof) 0 at the bottom, 1 at the top. */
export function timelineGeometry(points: readonly TimelinePoint[], threshold: number, durationS: number, box: PlotBox = DEFAULT_BOX): TimelineGeometry {
  const x0 = box.pad.left;
  const x1 = box.width - box.pad.right;
  const y0 = box.pad.top;
  const y1 = box.height - box.pad.bottom;
  const span = Math.max(durationS, ...points.map((p) => p.endS), 1e-6);
  const x = (t: number) => r1(x0 + (Math.min(Math.max(t, 0), span) / span) * (x1 - x0));
  const y = (p: number) => r1(y1 - Math.min(Math.max(p, 0), 1) * (y1 - y0));

  const sorted = [...points].sort((a, b) => a.startS - b.startS);
  const silences: { x: number; width: number }[] = [];
  let open: { s: number; e: number } | null = null;
  for (const p of sorted) {
    if (p.speech) continue;
    if (open && p.startS <= open.e) open.e = Math.max(open.e, p.endS);
    else {
      if (open) silences.push({ x: x(open.s), width: r1(x(open.e) - x(open.s)) });
      open = { s: p.startS, e: p.endS };
    }
  }
  if (open) silences.push({ x: x(open.s), width: r1(x(open.e) - x(open.s)) });

  const lines: string[] = [];
  const dots: TimelineGeometry['dots'] = [];
  let run: string[] = [];
  for (const p of sorted) {
    if (p.pSpoof === null || !p.speech) {
      if (run.length > 1) lines.push(run.join(' '));
      run = [];
      continue;
    }
    const cx = x((p.startS + p.endS) / 2);
    const cy = y(p.pSpoof);
    run.push(`${cx},${cy}`);
    dots.push({ x: cx, y: cy, p: p.pSpoof, above: p.pSpoof >= threshold, startS: p.startS, endS: p.endS });
  }
  if (run.length > 1) lines.push(run.join(' '));

  const stepS = tickStep(span);
  const xTicks: TimelineGeometry['xTicks'] = [];
  for (let i = 0; i * stepS <= span + 1e-9; i++) xTicks.push({ s: +(i * stepS).toFixed(6), x: x(i * stepS) });
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((p) => ({ p, y: y(p) }));

  return { silences, lines, dots, thresholdY: y(threshold), xTicks, yTicks, plot: { x0, x1, y0, y1 }, durationS: span };
}
