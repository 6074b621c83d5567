import { describe, expect, expectTypeOf, it } from 'vitest';
import { fixtureSidecar } from '../../tests/fixtures/fixture-model';
import type { SignalAnalysis } from '../scoring/analyze-signal';
import { buildAnalysisResult, RMS_FLOOR_DBFS, type AnalysisOutcome, type AnalysisResultParts } from './analysis-result';

const analysis: AnalysisOutcome = {
  verdict: 'synthetic',
  pSpoof: 0.9,
  durationS: 3,
  speechS: 2,
  timeline: [
    { startS: 0, endS: 2, pSpoof: 0.9, speech: true },
    { startS: 1, endS: 3, pSpoof: null, speech: false },
  ],
  explanation: ['1 of 1 speech windows scored above the threshold.'],
  stats: { rms: 0.1, peak: 0.5, clippedFraction: 0, nonFinite: 0 },
};
const parts = (over: Partial<AnalysisResultParts> = {}): AnalysisResultParts => ({
  analysis,
  file: 'call.wav',
  preset: 'balanced',
  threshold: 0.5,
  model: fixtureSidecar('lite'),
  engine: 'onnxruntime-node/cpu',
  source: { sampleRate: 48000, channels: 2, format: 'wav' },
  elapsedMs: 12.6,
  ...over,
});

describe('buildAnalysisResult', () => {
  it('takes what analyzeSignal returns', () => {
    expectTypeOf<SignalAnalysis>().toExtend<AnalysisOutcome>();
  });

  it('assembles a valid result: verdict, score, model reference, source, level in dBFS, whole milliseconds', () => {
    const r = buildAnalysisResult(parts());
    expect(r).toMatchObject({ v: 1, file: 'call.wav', verdict: 'synthetic', pSpoof: 0.9, preset: 'balanced', threshold: 0.5, engine: 'onnxruntime-node/cpu' });
    expect(r.model).toEqual({ name: 'lite', displayName: 'Test fixture (not a detector)', version: 'test' }); // not the whole sidecar
    expect(r.source).toEqual({ sampleRate: 48000, channels: 2, format: 'wav' });
    expect(r.stats.rmsDbfs).toBeCloseTo(-20, 6);
    expect(r.timeline).toHaveLength(2);
    expect(r.elapsedMs).toBe(13);
    expect(r.explanation).toEqual(analysis.explanation);
  });

  it('reports silence and very quiet audio at the floor, never -Infinity', () => {
    expect(buildAnalysisResult(parts({ analysis: { ...analysis, stats: { ...analysis.stats, rms: 0 } } })).stats.rmsDbfs).toBe(RMS_FLOOR_DBFS);
    expect(buildAnalysisResult(parts({ analysis: { ...analysis, stats: { ...analysis.stats, rms: 1e-9 } } })).stats.rmsDbfs).toBe(RMS_FLOOR_DBFS);
  });

  it('counts invalid samples the decoder replaced with those the analysis found, and says so', () => {
    const r = buildAnalysisResult(parts({ decoderNonFinite: 3, analysis: { ...analysis, stats: { ...analysis.stats, nonFinite: 2 } } }));
    expect(r.stats.nonFinite).toBe(5);
    expect(r.explanation.at(-1)).toBe('5 invalid (NaN or infinite) samples were replaced by silence.');
  });

  it('puts the caller\'s notes before the analysis\'s explanation', () => {
    const r = buildAnalysisResult(parts({ notes: ['No speech was detected; every window with signal was scored instead.'] }));
    expect(r.explanation).toEqual(['No speech was detected; every window with signal was scored instead.', ...analysis.explanation]);
  });

  it('rejects what the protocol forbids (a score outside [0, 1])', () => {
    expect(() => buildAnalysisResult(parts({ analysis: { ...analysis, pSpoof: 1.5 } }))).toThrow();
  });
});
