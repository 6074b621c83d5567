/**
 * Corpus side of the live calibration: voices from sources the model never trained on,
 * played through call channels, windowed and VAD-gated exactly as the live path does
 * (SpeechTrack with Silero VAD v5 → Framer with the sidecar's window/hop → detector), and
 * scored into one sequence of calibrated window logits per (voice, channel).
 * Node only (ffmpeg, onnxruntime-node); results are cached under the OS temp folder by
 * model hash, so a rerun on the same model is quick.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Framer } from '../shared/dsp/framer';
import { logit } from '../shared/model/calibration';
import type { ModelSidecar } from '../shared/model/sidecar';
import { createOnnxDetector } from '../shared/scoring/detector';
import { SileroVad } from '../extension/inference/silero-vad';
import type { OrtSetup } from '../extension/inference/ort-runtime';
import { SpeechTrack } from '../extension/inference/speech-track';
import { MODEL_SAMPLE_RATE } from '../shared/model/sample-rate';

export interface ManifestRow {
  file: string;
  label: 'bonafide' | 'spoof';
  system: string;
  speaker: string;
  source_repo: string;
  duration_s: string;
}

/** Call channels: Opus in VoIP mode at three WebRTC-like rates, and a telephone band. */
export const CHANNELS = {
  opus12: ['-c:a', 'libopus', '-application', 'voip', '-b:a', '12k', '-f', 'ogg'],
  opus16: ['-c:a', 'libopus', '-application', 'voip', '-b:a', '16k', '-f', 'ogg'],
  opus24: ['-c:a', 'libopus', '-application', 'voip', '-b:a', '24k', '-f', 'ogg'],
  tel8k: ['-af', 'highpass=f=300,lowpass=f=3400', '-ar', '8000', '-c:a', 'pcm_mulaw', '-f', 'wav'],
} as const;
export type Channel = keyof typeof CHANNELS;

export interface Voice {
  id: string;
  source: string;
  label: 'bonafide' | 'spoof';
  files: string[];
}

export interface ScoredVoice {
  id: string;
  source: string;
  label: 'bonafide' | 'spoof';
  channel: Channel;
  /** Calibrated logit per window in stream order; null for windows the VAD did not pass. */
  windows: Array<number | null>;
  seconds: number;
}

export function parseManifest(text: string): ManifestRow[] {
  const rows: string[][] = [];
  let cur: string[] = [];
  let field = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') q = false;
      else field += c;
    } else if (c === '"') q = true;
    else if (c === ',') cur.push(field), (field = '');
    else if (c === '\n') cur.push(field), rows.push(cur), (cur = []), (field = '');
    else if (c !== '\r') field += c;
  }
  if (field || cur.length) cur.push(field), rows.push(cur);
  const [head, ...body] = rows;
  return body.filter((r) => r.length === head!.length).map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i]])) as unknown as ManifestRow);
}

/** Sources a model trained on: the per-source table of its metrics file (models/metrics/<name>.metrics.json). */
export function trainedSources(metricsJson: unknown): Set<string> {
  const by = (metricsJson as { bySource?: Record<string, unknown> }).bySource;
  if (!by || typeof by !== 'object') throw new Error('metrics file has no bySource table');
  return new Set(Object.keys(by));
}

/** Voices of unseen sources: bona fide by (source, speaker), spoof by (source, system). */
export function unseenVoices(rows: ManifestRow[], trained: Set<string>): Voice[] {
  const map = new Map<string, Voice>();
  for (const r of rows) {
    if (trained.has(r.source_repo)) continue;
    const key = r.label === 'bonafide' ? `${r.source_repo}|bf|${r.speaker}` : `${r.source_repo}|sp|${r.system}`;
    let v = map.get(key);
    if (!v) map.set(key, (v = { id: key, source: r.source_repo, label: r.label, files: [] }));
    v.files.push(r.file);
  }
  return [...map.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function run(cmd: string, args: string[], input?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`${cmd} exited ${code}: ${err.slice(-300)}`))));
    p.stdin.on('error', () => {});
    p.stdin.end(input);
  });
}

const toF32 = (b: Buffer) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
const F32 = ['-f', 'f32le', '-ac', '1', '-ar', String(MODEL_SAMPLE_RATE)];

async function decode(file: string): Promise<Float32Array> {
  return toF32(await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', file, ...F32, 'pipe:1']));
}

/** One pass through a call channel and back to 16 kHz float. */
async function channel(x: Float32Array, c: Channel): Promise<Float32Array> {
  const enc = await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...F32, '-i', 'pipe:0', ...CHANNELS[c], 'pipe:1'], Buffer.from(x.buffer, x.byteOffset, x.byteLength));
  return toF32(await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', ...F32, 'pipe:1'], enc));
}

/** The voice's clips joined with short pauses, after a short lead-in of silence. */
function join_(clips: Float32Array[], lead = 0.5, gap = 0.4): Float32Array {
  const n = clips.reduce((k, c) => k + c.length + Math.round(gap * MODEL_SAMPLE_RATE), Math.round(lead * MODEL_SAMPLE_RATE));
  const out = new Float32Array(n);
  let o = Math.round(lead * MODEL_SAMPLE_RATE);
  for (const c of clips) {
    out.set(c, o);
    o += c.length + Math.round(gap * MODEL_SAMPLE_RATE);
  }
  return out;
}

/**
 * The window sequence of a voice heard for `seconds`: the voice's own windows repeated, as
 * a looping call stand-in plays its clip. Scoring the audio once and looping the windows
 * gives the same evidence at a fraction of the cost (only window alignment differs).
 */
export function loopWindows(windows: ReadonlyArray<number | null>, seconds: number, hopS: number): Array<number | null> {
  const n = Math.max(1, Math.round(seconds / hopS));
  if (!windows.length) return [];
  return Array.from({ length: n }, (_, i) => windows[i % windows.length]!);
}

/**
 * Channels a voice goes through: one Opus VoIP rate (12, 16 or 24 kb/s, fixed per voice by a
 * hash of its id, so the three rates are spread over the voices) and the telephone band.
 */
export function channelsFor(v: Pick<Voice, 'id'>, channels: readonly Channel[]): Channel[] {
  const opus = channels.filter((c) => c.startsWith('opus'));
  const other = channels.filter((c) => !c.startsWith('opus'));
  const h = [...v.id].reduce((x, c) => (Math.imul(x, 31) + c.charCodeAt(0)) >>> 0, 11);
  return [...(opus.length ? [opus[h % opus.length]!] : []), ...other];
}

export interface ScoringOptions {
  corpus: string;
  root: string;
  sidecar: ModelSidecar;
  modelBytes: Uint8Array;
  stretchSeconds: number;
  /** Spoof voices: seconds of their own audio scored before looping (they are many and long). */
  maxSpoofSeconds: number;
  channels: readonly Channel[];
  log: (s: string) => void;
}

/** Scores every (voice, channel) as the live path would; cached by model hash and settings. */
export async function scoreVoices(voices: Voice[], o: ScoringOptions): Promise<ScoredVoice[]> {
  const key = createHash('sha256')
    .update(o.modelBytes)
    .update(JSON.stringify([o.stretchSeconds, o.maxSpoofSeconds, o.channels, o.sidecar.calibration, o.sidecar.windowSamples, o.sidecar.hopSamples, voices.map((v) => v.id + v.files.length)]))
    .digest('hex')
    .slice(0, 16);
  const dir = join(tmpdir(), 'veracall-live-cache');
  const cache = join(dir, `${o.sidecar.name}-${key}.json`);
  if (existsSync(cache)) {
    o.log(`scores from cache ${cache}`);
    return JSON.parse(readFileSync(cache, 'utf8')) as ScoredVoice[];
  }
  const detector = await createOnnxDetector(ort as never, o.modelBytes, o.sidecar, { engine: 'onnxruntime-node', sessionOptions: { intraOpNumThreads: 2 } });
  const vadBytes = readFileSync(join(o.root, 'node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx'));
  const vadSession = await ort.InferenceSession.create(vadBytes, { intraOpNumThreads: 1 });
  const setup = { ort, executionProviders: ['cpu'], label: 'onnxruntime-node' } as unknown as OrtSetup;
  const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(MODEL_SAMPLE_RATE)]), []);
  const out: ScoredVoice[] = [];
  const t0 = Date.now();
  const hopS = o.sidecar.hopSamples / o.sidecar.sampleRate;
  for (const [i, v] of voices.entries()) {
    const clips = await Promise.all(v.files.map((f) => decode(join(o.corpus, f))));
    // At most `maxAudioSeconds` of the voice's own audio is scored; the stretch loops it (loopWindows).
    const whole = join_(clips);
    const audio = whole.subarray(0, Math.min(whole.length, Math.round((v.label === 'spoof' ? o.maxSpoofSeconds : o.stretchSeconds) * MODEL_SAMPLE_RATE)));
    let speechOf: ((start: number, end: number) => boolean) | null = null;
    for (const c of channelsFor(v, o.channels)) {
      const x = await channel(audio, c);
      const framer = new Framer(o.sidecar.windowSamples, o.sidecar.hopSamples);
      if (!speechOf) {
        // The VAD runs on the voice's first channel (a WebRTC-rate Opus) and gates every channel of it:
        // Silero is the slowest step here, and the channels keep the audio's timing.
        const speech = new SpeechTrack(new SileroVad(setup, vadSession as never, sr as never), 512, x.length + MODEL_SAMPLE_RATE);
        for (let off = 0; off < x.length; off += 4000) await speech.push(x.subarray(off, Math.min(x.length, off + 4000)));
        speechOf = (a, b) => speech.isSpeech(a, b);
      }
      const windows: Array<number | null> = [];
      const pending: Array<{ i: number; w: Float32Array }> = [];
      for (const f of framer.push(x)) {
        windows.push(null);
        if (speechOf(f.startSample, f.startSample + f.samples.length)) pending.push({ i: windows.length - 1, w: f.samples });
      }
      const scores = await detector.processBatch(pending.map((p) => p.w));
      scores.forEach((s, k) => (windows[pending[k]!.i] = logit(s.pSpoof)));
      const looped = loopWindows(windows, o.stretchSeconds, hopS);
      out.push({ id: v.id, source: v.source, label: v.label, channel: c, windows: looped, seconds: looped.length * hopS });
    }
    if (i % 10 === 9) o.log(`  ${i + 1}/${voices.length} voices (${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  await detector.release();
  mkdirSync(dir, { recursive: true });
  writeFileSync(cache, JSON.stringify(out));
  return out;
}
