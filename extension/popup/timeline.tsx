import type { TimelinePoint } from '../../shared/protocol/analysis';
import { percentText, secondsText } from '../ui/format';
import { DEFAULT_BOX, timelineGeometry } from './timeline-geometry';

interface Props {
  points: readonly TimelinePoint[];
  threshold: number;
  durationS: number;
}

const tickSeconds = (s: number) => `${+s.toFixed(2)}`;

/** Each window's chance of synthesis over the file, with ticked axes, the threshold and greyed non-speech spans. */
export function Timeline({ points, threshold, durationS }: Props) {
  const g = timelineGeometry(points, threshold, durationS, DEFAULT_BOX);
  const { x0, x1, y0, y1 } = g.plot;
  const scored = g.dots.length;
  const above = g.dots.filter((d) => d.above).length;
  const thresholdLabelY = g.thresholdY < y0 + 10 ? g.thresholdY + 10 : g.thresholdY - 3;
  return (
    <svg
      data-testid="timeline"
      className="timeline"
      viewBox={`0 0 ${DEFAULT_BOX.width} ${DEFAULT_BOX.height}`}
      role="img"
      aria-label={`Chance of synthesis over ${secondsText(g.durationS)}: ${scored} speech windows, ${above} at or above the threshold of ${percentText(threshold)}.`}
    >
      {g.silences.map((s) => (
        <rect key={s.x} className="silence" x={s.x} y={y0} width={Math.max(s.width, 0.5)} height={y1 - y0}>
          <title>No speech</title>
        </rect>
      ))}
      <line className="axis" x1={x0} y1={y1} x2={x1} y2={y1} />
      <line className="axis" x1={x0} y1={y0} x2={x0} y2={y1} />
      {g.yTicks.map((t) => (
        <g key={`y${t.p}`} data-tick="y">
          <line className="axis" x1={x0 - 3} y1={t.y} x2={x0} y2={t.y} />
          <text x={x0 - 5} y={t.y + 3} textAnchor="end">
            {percentText(t.p)}
          </text>
        </g>
      ))}
      {g.xTicks.map((t) => (
        <g key={`x${t.s}`} data-tick="x">
          <line className="axis" x1={t.x} y1={y1} x2={t.x} y2={y1 + 3} />
          <text x={t.x} y={y1 + 12} textAnchor="middle">
            {tickSeconds(t.s)}
          </text>
        </g>
      ))}
      <text className="axis-title" x={(x0 + x1) / 2} y={DEFAULT_BOX.height - 2} textAnchor="middle">
        time (s)
      </text>
      <text className="axis-title" transform={`translate(9 ${(y0 + y1) / 2}) rotate(-90)`} textAnchor="middle">
        chance of synthesis
      </text>
      <line className="threshold" data-threshold={threshold} x1={x0} y1={g.thresholdY} x2={x1} y2={g.thresholdY} />
      <text className="threshold-label" x={x1} y={thresholdLabelY} textAnchor="end">
        threshold {percentText(threshold)}
      </text>
      {g.lines.map((pts) => (
        <polyline key={pts} className="line" points={pts} />
      ))}
      {g.dots.map((d) => (
        <circle key={`${d.startS}-${d.x}`} className={d.above ? 'dot above' : 'dot'} cx={d.x} cy={d.y} r={2}>
          <title>{`${secondsText(d.startS)}–${secondsText(d.endS)}: ${percentText(d.p)}`}</title>
        </circle>
      ))}
    </svg>
  );
}
