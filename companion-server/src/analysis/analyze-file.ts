import {
  analyzeSignal,
  PROTOCOL_VERSION,
  signalStats,
  thresholdFor,
  toDbfs,
  type AnalysisProgress,
  type AnalysisResult,
  type Detector,
  type Sensitivity,
  type VoiceActivityDetector,
  type WindowScore,
} from '../../../shared/index';
import { buildAnalysisResult } from '../../../shared/protocol/analysis-result';
import { decodeAudio } from '../audio/decode-audio';
import { noModels, unknownModel } from '../errors';
import type { LoadedModel, ModelRegistry } from '../models/model-registry';

/**
 * Fallback gate for files in which the energy gate found no speech: every block that holds
 * any signal counts. Digital silence stays out, because the models' level normalisation
 * makes an all-zero window score as synthetic.
 */
const SIGNAL_FLOOR_DBFS = -70;
const ANY_SIGNAL: VoiceActivityDetector = {
  speechProbability: (block) => (toDbfs(signalStats(block).rms) > SIGNAL_FLOOR_DBFS ? 1 : 0),
  reset() {},
};
/** Last resort for a file with no signal at all: the model's answer on every window. */
const EVERY_WINDOW: VoiceActivityDetector = { speechProbability: () => 1, reset() {} };

export interface AnalyzeFileOptions {
  model?: string;
  sensitivity: Sensitivity;
  fileName?: string;
  maxSeconds: number;
  onProgress?: (p: AnalysisProgress) => void;
  /** Stops decoding and scoring when the client goes away. */
  signal?: AbortSignal;
  /**
   * When the energy gate finds no speech, score every window instead of answering
   * "no-speech" (the score CLI needs a number for every file it can read).
   */
  scoreAllWhenNoSpeech?: boolean;
  /** Decoder to use (the server decodes on a worker thread); in-process when absent. */
  decode?: typeof decodeAudio;
  /** Runs the model's batches (the server queues them behind live-stream windows); direct when absent. */
  runBatch?: (model: LoadedModel, windows: readonly Float32Array[]) => Promise<WindowScore[]>;
}

/** The model a request names, or the default; 503 with no models, 400 for an unknown name. */
export function pickModel(registry: ModelRegistry, name?: string): LoadedModel {
  if (registry.size === 0) throw noModels(registry.dir);
  const m = registry.get(name);
  if (!m) throw unknownModel(name ?? '', registry.list().map((x) => x.sidecar.name));
  return m;
}

/** Decodes one uploaded or local file and scores it: the REST route and the CLI share this. */
export async function analyzeFile(registry: ModelRegistry, bytes: Uint8Array, opts: AnalyzeFileOptions): Promise<AnalysisResult> {
  const t0 = performance.now();
  const model = pickModel(registry, opts.model);
  const threshold = thresholdFor(model.sidecar, opts.sensitivity);
  const decoded = await (opts.decode ?? decodeAudio)(bytes, {
    maxSeconds: opts.maxSeconds,
    signal: opts.signal,
    onProgress: opts.onProgress
      ? (done, total) => opts.onProgress!({ v: PROTOCOL_VERSION, type: 'progress', stage: 'decoding', done, total })
      : undefined,
  });
  const runBatch = opts.runBatch;
  const detector: Detector = runBatch ? { ...model.detector, processBatch: (ws) => runBatch(model, ws) } : model.detector;
  const run = (vad?: VoiceActivityDetector) =>
    analyzeSignal(detector, decoded.samples, decoded.sampleRate, { threshold, vad, batchSize: 16, onProgress: opts.onProgress, signal: opts.signal });
  let a = await run();
  const explanation: string[] = [];
  if (a.verdict === 'no-speech' && opts.scoreAllWhenNoSpeech && a.timeline.length) {
    a = await run(ANY_SIGNAL);
    if (a.verdict !== 'no-speech') {
      explanation.push(`No speech was detected; every window with signal above ${SIGNAL_FLOOR_DBFS} dBFS was scored instead.`);
    } else {
      a = await run(EVERY_WINDOW);
      explanation.push('The file holds no signal (digital silence); every window was scored, and the score means little.');
    }
  }
  return buildAnalysisResult({
    analysis: a,
    file: opts.fileName,
    preset: opts.sensitivity.preset,
    threshold,
    model: model.sidecar,
    engine: model.engine,
    source: decoded.source,
    decoderNonFinite: decoded.nonFinite,
    notes: explanation,
    elapsedMs: performance.now() - t0,
  });
}

