import type { AnalysisResult } from '../../shared/protocol/analysis';
import { chanceText, percentText, secondsText } from '../ui/format';

/**
 * What drove a file's verdict, in the popup's own words and number format (the engine's
 * `explanation` sentences mix "P(spoof) 0.994" with "threshold (0.889)"; they stay in the
 * companion's CLI and REST answers).
 */
export function analysisSummary(r: Pick<AnalysisResult, 'timeline' | 'threshold'>): string[] {
  const scored = r.timeline.filter((p) => p.speech && p.pSpoof !== null);
  if (scored.length === 0) return [];
  const flagged = scored.filter((p) => p.pSpoof! >= r.threshold);
  const lines = [`${flagged.length} of ${scored.length} speech windows at or above the threshold of ${percentText(r.threshold)}.`];
  const worst = scored.reduce((a, b) => (b.pSpoof! > a.pSpoof! ? b : a));
  if (flagged.length > 0) lines.push(`Most synthetic-sounding part: ${secondsText(worst.startS)}–${secondsText(worst.endS)} (${chanceText(worst.pSpoof)}).`);
  return lines;
}
