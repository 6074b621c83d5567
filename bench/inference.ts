import * as ort from 'onnxruntime-node';
import { analyzeSignal, createOnnxDetector } from '../shared/index';
import { speechLike } from '../companion-server/src/testing/audio';
import type { BenchModel } from './bench-models';
import { median, p95, round, timeRepeated } from './stats';
import { MODEL_SAMPLE_RATE } from '../shared/model/sample-rate';

export interface LatencyRow {
  model: string;
  runtime: string;
  windowS: number;
  medianMs: number;
  p95Ms: number;
  /** Inference time per window ÷ audio time between windows (the hop): below 1 keeps up with one stream. */
  rtf: number;
  reps: number;
  error?: string;
}

/** A speech-like window of the model's length (inference time does not depend on content, but a real signal is fair). */
export function benchWindow(m: BenchModel): Float32Array {
  return speechLike(m.sidecar.windowSamples / MODEL_SAMPLE_RATE, MODEL_SAMPLE_RATE, 0.3);
}

export function latencyRow(m: BenchModel, runtime: string, times: number[]): LatencyRow {
  const hopMs = (m.sidecar.hopSamples / MODEL_SAMPLE_RATE) * 1000;
  return {
    model: m.label,
    runtime,
    windowS: m.sidecar.windowSamples / MODEL_SAMPLE_RATE,
    medianMs: round(median(times)),
    p95Ms: round(p95(times)),
    rtf: round(median(times) / hopMs, 4),
    reps: times.length,
  };
}

/** The model on onnxruntime-node's CPU provider (default thread pool), as the companion runs it. */
const nodeDetector = (m: BenchModel) =>
  createOnnxDetector(ort, m.bytes, m.sidecar, { engine: 'onnxruntime-node/cpu', sessionOptions: { executionProviders: ['cpu'] } });

/** Batch-1 window latency on onnxruntime-node. */
export async function nodeLatency(m: BenchModel): Promise<LatencyRow> {
  const d = await nodeDetector(m);
  try {
    const w = benchWindow(m);
    return latencyRow(m, 'onnxruntime-node cpu', await timeRepeated(() => d.process(w)));
  } finally {
    await d.release();
  }
}

export interface ThroughputRow {
  model: string;
  audioS: number;
  elapsedS: number;
  /** Seconds of audio analysed per second of wall time. */
  xRealTime: number;
  windowsScored: number;
}

/** A generated 60 s signal through analyzeSignal (VAD, windowing, batched inference, aggregation). */
export async function fileThroughput(m: BenchModel, seconds = 60): Promise<ThroughputRow> {
  const d = await nodeDetector(m);
  try {
    const x = speechLike(seconds, MODEL_SAMPLE_RATE, 0.3);
    await analyzeSignal(d, x.subarray(0, MODEL_SAMPLE_RATE * 5), MODEL_SAMPLE_RATE, { threshold: 0.5 }); // warm-up
    const t0 = performance.now();
    const r = await analyzeSignal(d, x, MODEL_SAMPLE_RATE, { threshold: 0.5, batchSize: 16 });
    const elapsedS = (performance.now() - t0) / 1000;
    return {
      model: m.label,
      audioS: seconds,
      elapsedS: round(elapsedS, 3),
      xRealTime: round(seconds / elapsedS, 1),
      windowsScored: r.timeline.filter((w) => w.pSpoof !== null).length,
    };
  } finally {
    await d.release();
  }
}
