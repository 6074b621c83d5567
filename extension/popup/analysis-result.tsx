import type { AnalysisResult } from '../../shared/protocol/analysis';
import { percentText, secondsText, verdictText } from '../ui/format';
import { analysisSummary } from './analysis-summary';
import { Timeline } from './timeline';

/** Verdict, chance of synthesis, timeline, model and engine of an analysed file. */
export function AnalysisResultView({ result }: { result: AnalysisResult }) {
  const summary = analysisSummary(result);
  return (
    <section className="panel stack" aria-label="Analysis result">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <span data-testid="verdict" data-verdict={result.verdict} className={`verdict state-${result.verdict}`} role="status">
          {verdictText(result.verdict)}
        </span>
        <span>
          <span className="muted small">Chance of synthesis </span>
          <strong data-testid="score" data-score={result.pSpoof ?? ''}>
            {percentText(result.pSpoof)}
          </strong>
        </span>
      </div>
      <Timeline points={result.timeline} threshold={result.threshold} durationS={result.durationS} />
      {summary.length > 0 && (
        <ul className="explanation small" data-testid="summary">
          {summary.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <dl className="facts small">
        <dt>Threshold</dt>
        <dd data-testid="threshold">
          {percentText(result.threshold)} ({result.preset})
        </dd>
        <dt>Audio</dt>
        <dd>
          {secondsText(result.durationS)}, {secondsText(result.speechS)} of speech
        </dd>
        <dt>Model</dt>
        <dd data-testid="model-name">
          {result.model.displayName} {result.model.version}
        </dd>
        <dt>Engine</dt>
        <dd data-testid="engine">{result.engine}</dd>
      </dl>
      <p className="muted small" data-testid="not-logged">
        File checks are not added to the verdict log, which records live calls only.
      </p>
    </section>
  );
}
