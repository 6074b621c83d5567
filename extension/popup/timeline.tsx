import type { TimelinePoint } from '../../shared/protocol/analysis';
import { scoreText, secondsText } from '../ui/format';
import { DEFAULT_BOX, timelineGeometry } from './timeline-geometry';

interface Props {
  points: readonly TimelinePoint[];
  threshold: number;
  durationS: number;
}

/** Per-window P(spoof) over the file, with the threshold and greyed non-speech spans. */
export function Timeline({ points, threshold, durationS }: Props) {
  const g = timelineGeometry(points, threshold, durationS, DEFAULT_BOX);
  const { x0, x1, y0, y1 } = g.plot;
  const scored = g.dots.length;
  const above = g.dots.filter((d) => d.above).length;
  return (
    <svg
      data-testid="timeline"
      className="timeline"
      viewBox={`0 0 ${DEFAULT_BOX.width} ${DEFAULT_BOX.height}`}
      role="img"
      aria-label={`Score over time: ${scored} scored windows, ${above} at or above the threshold of ${scoreText(threshold)}.`}
    >
      {g.silences.map((s) => (
        <rect key={s.x} className="silence" x={s.x} y={y0} width={Math.max(s.width, 0.5)} height={y1 - y0}>
          <title>No speech</title>
        </rect>
      ))}
      <line className="axis" x1={x0} y1={y1} x2={x1} y2={y1} />
      <line className="axis" x1={x0} y1={y0} x2={x0} y2={y1} />
      <line className="threshold" data-threshold={threshold} x1={x0} y1={g.thresholdY} x2={x1} y2={g.thresholdY} />
      <text x={x1} y={g.thresholdY - 3} textAnchor="end">
        threshold {scoreText(threshold)}
      </text>
      {g.lines.map((pts) => (
        <polyline key={pts} className="line" points={pts} />
      ))}
      {g.dots.map((d) => (
        <circle key={`${d.startS}-${d.x}`} className={d.above ? 'dot above' : 'dot'} cx={d.x} cy={d.y} r={2}>
          <title>{`${secondsText(d.startS)}–${secondsText(d.endS)}: ${scoreText(d.p)}`}</title>
        </circle>
      ))}
      <text x={x0 - 4} y={y0 + 6} textAnchor="end">100%</text>
      <text x={x0 - 4} y={y1} textAnchor="end">0%</text>
      <text x={x0} y={y1 + 12}>0 s</text>
      <text x={x1} y={y1 + 12} textAnchor="end">{secondsText(g.durationS)}</text>
    </svg>
  );
}
