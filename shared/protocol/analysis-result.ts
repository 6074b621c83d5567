import { toDbfs } from '../dsp/stats';
import { analysisResultSchema, type AnalysisResult } from './analysis';
import type { SensitivityName } from '../scoring/presets';
import { PROTOCOL_VERSION, type ModelRef } from './common';

/** Level reported for digital silence and anything quieter (the floor of 16-bit audio; JSON has no -Infinity). */
export const RMS_FLOOR_DBFS = -120;

/** What `analyzeSignal` (shared/scoring) found in a file's samples; its `SignalAnalysis` fits. */
export interface AnalysisOutcome extends Pick<AnalysisResult, 'verdict' | 'pSpoof' | 'durationS' | 'speechS' | 'timeline' | 'explanation'> {
  stats: { rms: number; peak: number; clippedFraction: number; nonFinite: number };
}

export interface AnalysisResultParts {
  analysis: AnalysisOutcome;
  file?: string;
  preset: SensitivityName;
  threshold: number;
  /** The model's sidecar will do: only name, displayName and version are kept. */
  model: ModelRef;
  /** e.g. "onnxruntime-node/cpu", "onnxruntime-web/wasm". */
  engine: string;
  /** The file's own rate, channels and format, before conversion to the model's rate. */
  source: AnalysisResult['source'];
  /** Invalid (NaN or infinite) samples the decoder already replaced, unseen by the analysis. */
  decoderNonFinite?: number;
  /** Sentences that go before the analysis's own (e.g. why every window was scored). */
  notes?: readonly string[];
  elapsedMs: number;
}

/**
 * The one place a file's analysis result is assembled: the companion's REST route and CLI
 * and the extension's popup all answer with what this returns, validated against
 * `analysisResultSchema`.
 */
export function buildAnalysisResult(p: AnalysisResultParts): AnalysisResult {
  const a = p.analysis;
  const nonFinite = a.stats.nonFinite + (p.decoderNonFinite ?? 0);
  const explanation = [...(p.notes ?? []), ...a.explanation];
  if (nonFinite > 0) explanation.push(`${nonFinite} invalid (NaN or infinite) samples were replaced by silence.`);
  return analysisResultSchema.parse({
    v: PROTOCOL_VERSION,
    file: p.file,
    verdict: a.verdict,
    pSpoof: a.pSpoof,
    preset: p.preset,
    threshold: p.threshold,
    model: { name: p.model.name, displayName: p.model.displayName, version: p.model.version },
    engine: p.engine,
    durationS: a.durationS,
    speechS: a.speechS,
    source: p.source,
    stats: {
      rmsDbfs: a.stats.rms > 0 ? Math.max(RMS_FLOOR_DBFS, toDbfs(a.stats.rms)) : RMS_FLOOR_DBFS,
      peak: a.stats.peak,
      clippedFraction: a.stats.clippedFraction,
      nonFinite,
    },
    timeline: a.timeline,
    explanation,
    elapsedMs: Math.max(0, Math.round(p.elapsedMs)),
  });
}
