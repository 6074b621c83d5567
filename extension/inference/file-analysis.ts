import { base64ToInt16, int16ToFloat, floatToInt16 } from '../../shared/dsp/pcm';
import { analysisResultSchema, type AnalysisResult } from '../../shared/protocol/analysis';
import { buildAnalysisResult } from '../../shared/protocol/analysis-result';
import { analyzeSignal } from '../../shared/scoring/analyze-signal';
import { sensitivityParams, thresholdFor } from '../../shared/scoring/presets';
import type { Detector } from '../../shared/scoring/detector';
import type { VoiceActivityDetector } from '../../shared/dsp/vad';
import type { FileAnalyzeRequest, FileProgress } from '../messaging/protocol';
import { encodeWav } from './wav';

/** Scores a decoded file with the in-browser detector (the popup's `file.analyze`). */
export async function analyzeLocally(
  req: FileAnalyzeRequest,
  detector: Detector,
  vad: VoiceActivityDetector,
  onProgress: (p: FileProgress) => void,
): Promise<AnalysisResult> {
  const t0 = performance.now();
  const samples = int16ToFloat(base64ToInt16(req.pcm));
  const sc = detector.sidecar;
  const threshold = thresholdFor(sc, req.sensitivity);
  const a = await analyzeSignal(detector, samples, req.sampleRate, {
    threshold,
    vad,
    onProgress: (p) => onProgress({ requestId: req.requestId, stage: p.stage, done: p.done, total: p.total }),
  });
  return buildAnalysisResult({
    analysis: a,
    file: req.name,
    preset: req.sensitivity.preset,
    threshold,
    model: sc,
    engine: detector.engine,
    source: { sampleRate: req.sampleRate, channels: req.channels },
    elapsedMs: performance.now() - t0,
  });
}

/**
 * Sends the file to the paired companion's REST API (its large model): the PCM as a WAV
 * upload with the pairing token. Throws a short message when the companion cannot answer;
 * the caller then analyses locally.
 */
export async function analyzeWithCompanion(req: FileAnalyzeRequest, baseUrl: string, token: string): Promise<AnalysisResult> {
  const u = new URL(baseUrl);
  u.protocol = u.protocol === 'wss:' ? 'https:' : u.protocol === 'ws:' ? 'http:' : u.protocol;
  u.pathname = '/v1/analyze';
  u.search = new URLSearchParams(sensitivityParams(req.sensitivity)).toString();
  const wav = encodeWav(floatToInt16(int16ToFloat(base64ToInt16(req.pcm))), req.sampleRate);
  const form = new FormData();
  form.append('file', new Blob([wav], { type: 'audio/wav' }), req.name.replace(/\.[^.]*$/, '') + '.wav');
  const res = await fetch(u, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  if (!res.ok) throw new Error(`companion answered ${res.status}`);
  const r = analysisResultSchema.safeParse(await res.json());
  if (!r.success) throw new Error('companion sent an unexpected result');
  return { ...r.data, file: req.name };
}
