import type { AnalysisProgress } from '../protocol/analysis';
import { PROTOCOL_VERSION } from '../protocol/common';
import { frameSignal } from '../dsp/framer';
import { resample } from '../dsp/resample';
import { sanitize, signalStats, type SignalStats } from '../dsp/stats';
import { EnergyVad, MIN_SPEECH_FRACTION, speechFraction, type VoiceActivityDetector } from '../dsp/vad';
import { aggregateWindows, type Aggregate, type ScoredWindow } from './aggregate';
import type { Detector } from './detector';

export interface AnalyzeSignalOptions {
  threshold: number;
  vad?: VoiceActivityDetector;
  /** Windows per inference call; progress is reported after each batch. */
  batchSize?: number;
  onProgress?: (p: AnalysisProgress) => void;
  /** Checked between batches; throw from it (or return true) to stop early. */
  signal?: { aborted: boolean };
}

export interface SignalAnalysis extends Aggregate {
  stats: SignalStats;
  durationS: number;
}

export class AnalysisAbortedError extends Error {
  override name = 'AnalysisAbortedError';
}

/**
 * Scores a whole mono signal: resample to the model's rate, window, gate by voice activity,
 * run the detector on speech windows in batches and aggregate. Shared by the companion's
 * REST route, the CLI and the extension popup.
 */
export async function analyzeSignal(
  detector: Detector,
  samples: Float32Array,
  sampleRate: number,
  opts: AnalyzeSignalOptions,
): Promise<SignalAnalysis> {
  const sc = detector.sidecar;
  const stats = signalStats(samples);
  const clean = sanitize(samples);
  const x = sampleRate === sc.sampleRate ? clean : resample(clean, sampleRate, sc.sampleRate);
  const frames = frameSignal(x, sc.windowSamples, sc.hopSamples);
  const vad = opts.vad ?? new EnergyVad();
  vad.reset();
  const windows: ScoredWindow[] = [];
  const toScore: number[] = [];
  for (const f of frames) {
    const speech = (await speechFraction(vad, f.samples)) >= MIN_SPEECH_FRACTION;
    const end = Math.min(x.length, f.startSample + sc.windowSamples);
    windows.push({ startSample: f.startSample, endSample: end, speech, pSpoof: null });
    if (speech) toScore.push(f.index);
  }
  const batch = Math.max(1, opts.batchSize ?? 8);
  const total = toScore.length;
  opts.onProgress?.({ v: PROTOCOL_VERSION, type: 'progress', stage: 'scoring', done: 0, total });
  for (let i = 0; i < total; i += batch) {
    if (opts.signal?.aborted) throw new AnalysisAbortedError('analysis was cancelled');
    const idx = toScore.slice(i, i + batch);
    const scores = await detector.processBatch(idx.map((k) => frames[k]!.samples));
    idx.forEach((k, j) => (windows[k]!.pSpoof = scores[j]!.pSpoof));
    opts.onProgress?.({ v: PROTOCOL_VERSION, type: 'progress', stage: 'scoring', done: Math.min(total, i + batch), total });
  }
  const agg = aggregateWindows(windows, opts.threshold, sc.sampleRate, stats);
  return { ...agg, stats, durationS: x.length / sc.sampleRate };
}
