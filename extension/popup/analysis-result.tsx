import type { AnalysisResult } from '../../shared/protocol/analysis';
import { scoreText, secondsText, stateText } from '../ui/format';
import { Timeline } from './timeline';

/** Verdict, calibrated score, timeline, model and engine of an analysed file. */
export function AnalysisResultView({ result }: { result: AnalysisResult }) {
  return (
    <section className="panel stack" aria-label="Analysis result">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <span data-testid="verdict" data-verdict={result.verdict} className={`verdict state-${result.verdict}`} role="status">
          {stateText(result.verdict)}
        </span>
        <span>
          <span className="muted small">P(synthetic) </span>
          <strong data-testid="score" data-score={result.pSpoof ?? ''}>
            {scoreText(result.pSpoof)}
          </strong>
        </span>
      </div>
      <Timeline points={result.timeline} threshold={result.threshold} durationS={result.durationS} />
      {result.explanation.length > 0 && (
        <ul className="explanation small">
          {result.explanation.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <dl className="facts small">
        <dt>Model</dt>
        <dd data-testid="model-name">
          {result.model.displayName} {result.model.version}
        </dd>
        <dt>Engine</dt>
        <dd data-testid="engine">{result.engine}</dd>
        <dt>Threshold</dt>
        <dd>
          {scoreText(result.threshold)} ({result.preset})
        </dd>
        <dt>Audio</dt>
        <dd>
          {secondsText(result.durationS)}, {secondsText(result.speechS)} of speech
        </dd>
      </dl>
    </section>
  );
}
