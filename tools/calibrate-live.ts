/**
 * `npm run calibrate:live [-- --model lite] [--out models/lite.live.json]`
 *
 * Fits the live rule's bars (shared/scoring/live-rule.ts) for the shipped model so that every
 * state a badge can show keeps a stated false-alarm rate on REAL voices heard through a call:
 * - voices: bona fide speech of corpus sources the model never trained on (not in its
 *   metrics file's per-source table), one per (source, speaker), looped to a 40 s stretch;
 * - channels: Opus VoIP 12/16/24 kb/s and an 8 kHz telephone band (tools/live-corpus.ts);
 * - windowing: the live path's own SpeechTrack + Silero VAD v5 + Framer (sidecar window/hop);
 * - bars: "suspicious" at the preset's stated rate (sidecar targetFpr), "synthetic" at a fifth
 *   of it, fitted on about two thirds of the sources and checked on the rest (held out).
 * Writes models/<model>.live.json (read by the extension) and prints what it measured.
 * Needs ../shared/corpus (or VERACALL_CORPUS), ffmpeg with libopus, onnxruntime-node.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseSidecar } from '../shared/model/sidecar';
import { PRESET_NAMES, type PresetName } from '../shared/scoring/presets';
import { liveFileSchema, type LiveFile, type LiveRuleParams, type LiveStateThresholds } from '../shared/scoring/live-file';
import { CHANNELS, parseManifest, scoreVoices, trainedSources, unseenVoices, type Channel, type ScoredVoice, type Voice } from './live-corpus';
import { fitBar, holdoutSources, peak, share, simulate } from './live-fit';

export const ROOT = resolve(import.meta.dirname, '..');
export const CORPUS = resolve(process.env.VERACALL_CORPUS ?? join(ROOT, '../shared/corpus'));
const DEFAULT_RATES: Record<PresetName, number> = { sensitive: 0.05, balanced: 0.01, conservative: 0.002 };
/** "Synthetic" claims five times fewer false alarms than "suspicious" at the same preset. */
const SYNTHETIC_RATE_FACTOR = 0.2;
const B_GRID = [0, 0.5, 1, 1.5, 2, 3];
const RULE = { maxEvidence: 30, hysteresis: 0.5, silentWindowsForNoSpeech: 4 };
const log = (s: string) => process.stderr.write(`${s}\n`);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export interface Calibration {
  file: LiveFile;
  scored: ScoredVoice[];
  holdout: Set<string>;
}

export async function loadScored(model: string, stretchSeconds = 40, pick: (v: Voice[]) => Voice[] = (v) => v) {
  const sidecar = parseSidecar(JSON.parse(readFileSync(join(ROOT, `models/${model}.json`), 'utf8')), `models/${model}.json`);
  const modelBytes = new Uint8Array(readFileSync(join(ROOT, 'models', sidecar.file)));
  // The metrics file is written by Python and may hold NaN.
  const trained = trainedSources(JSON.parse(readFileSync(join(ROOT, `models/metrics/${model}.metrics.json`), 'utf8').replace(/\bNaN\b/g, 'null')));
  const all = unseenVoices(parseManifest(readFileSync(join(CORPUS, 'manifest.csv'), 'utf8')), trained);
  const voices = pick(all);
  const channels = Object.keys(CHANNELS) as Channel[];
  log(`${model}: ${voices.filter((v) => v.label === 'bonafide').length} real and ${voices.filter((v) => v.label === 'spoof').length} spoof voices from ${new Set(voices.map((v) => v.source)).size} unseen sources through 2 of ${channels.length} channels each (one Opus rate, and the telephone band)`);
  const scored = await scoreVoices(voices, { corpus: CORPUS, root: ROOT, sidecar, modelBytes, stretchSeconds, maxSpoofSeconds: 20, channels, log });
  return { sidecar, scored, holdout: holdoutSources(all.map((v) => v.source), 1 / 3) };
}

/** Everything a live file claims, measured on a set of scored voices. */
export function measure(scored: ScoredVoice[], f: Pick<LiveFile, 'rule' | 'presets'>, hopS: number) {
  const thresholds = (p: PresetName): LiveStateThresholds => ({
    suspicious: f.presets[p].suspicious.a,
    synthetic: f.presets[p].synthetic.a,
    rates: { suspicious: f.presets[p].suspicious.targetRate, synthetic: f.presets[p].synthetic.targetRate },
  });
  const out: Record<string, unknown> = {};
  for (const p of PRESET_NAMES) {
    const sims = scored.map((v) => ({ v, s: simulate(v, f.rule, thresholds(p)) }));
    const real = sims.filter((x) => x.v.label === 'bonafide');
    const spoof = sims.filter((x) => x.v.label === 'spoof');
    const minutes = sims.reduce((m, x) => m + x.v.seconds / 60, 0);
    const byChannel = Object.fromEntries(
      (Object.keys(CHANNELS) as Channel[]).map((c) => [c, { realEverFlagged: share(real.filter((x) => x.v.channel === c).map((x) => x.s.everSuspicious)), spoofEverFlagged: share(spoof.filter((x) => x.v.channel === c).map((x) => x.s.everSuspicious)) }]),
    );
    const lat = sims.map((x) => x.s.verdictAfterSpeechWindows).filter((n) => n >= 0).sort((a, b) => a - b);
    out[p] = {
      realVoices: real.length,
      realEverSuspiciousOrWorse: share(real.map((x) => x.s.everSuspicious)),
      realEverSynthetic: share(real.map((x) => x.s.everSynthetic)),
      realEndFlagged: share(real.map((x) => x.s.final === 'suspicious' || x.s.final === 'synthetic')),
      spoofVoices: spoof.length,
      spoofEverFlagged: share(spoof.map((x) => x.s.everSuspicious)),
      spoofEverSynthetic: share(spoof.map((x) => x.s.everSynthetic)),
      spoofEndFlagged: share(spoof.map((x) => x.s.final === 'suspicious' || x.s.final === 'synthetic')),
      changesPerMinute: sims.reduce((n, x) => n + x.s.changes, 0) / Math.max(1e-9, minutes),
      reversalsPerMinute: sims.reduce((n, x) => n + x.s.reversals, 0) / Math.max(1e-9, minutes),
      voicesWithAReversal: share(sims.map((x) => x.s.reversals > 0)),
      maxChangesPerMinutePerVoice: Math.max(...sims.map((x) => x.s.changes / (x.v.seconds / 60))),
      firstVerdictAfterFirstSpeechWindowS: lat.length ? lat[Math.floor(lat.length / 2)]! * hopS : NaN,
      byChannel,
    };
  }
  return out;
}

export async function calibrate(model: string, stretchSeconds = 40): Promise<Calibration> {
  const { sidecar, scored, holdout } = await loadScored(model, stretchSeconds);
  const cal = scored.filter((v) => !holdout.has(v.source));
  const realCal = cal.filter((v) => v.label === 'bonafide');
  const spoofCal = cal.filter((v) => v.label === 'spoof');
  const xs = realCal.flatMap((v) => v.windows.filter((x): x is number => x !== null));
  const mu = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sigma = Math.sqrt(xs.reduce((s, x) => s + (x - mu) ** 2, 0) / xs.length);
  log(`calibration real windows: ${xs.length}, mean ${mu.toFixed(2)}, sd ${sigma.toFixed(2)} (calibrated logits)`);

  // b: the one-window margin, chosen for detection of the calibration sources' spoof at the balanced rate.
  let best = { b: 0, det: -1 };
  for (const k of B_GRID) {
    const b = k * sigma;
    const a = fitBar(realCal.map((v) => peak(v.windows, b, RULE.maxEvidence)), DEFAULT_RATES.balanced);
    const det = share(spoofCal.map((v) => peak(v.windows, b, RULE.maxEvidence) > a));
    log(`  b = ${b.toFixed(2)} (${k} sd): balanced a = ${a.toFixed(2)}, calibration spoof flagged ${pct(det)}`);
    // Ties go to the larger margin: the same detection with fewer one-window warnings.
    if (det >= best.det) best = { b, det };
  }
  const rule: LiveRuleParams = { b: best.b, ...RULE };
  const heldReal = scored.filter((v) => holdout.has(v.source) && v.label === 'bonafide');
  const peaksCal = realCal.map((v) => peak(v.windows, rule.b, rule.maxEvidence));
  const peaksHeld = heldReal.map((v) => peak(v.windows, rule.b, rule.maxEvidence));
  const state = (rate: number, floor = -Infinity) => {
    const a = Math.max(floor, fitBar(peaksCal, rate));
    return { a, targetRate: rate, heldOutRate: share(peaksHeld.map((p) => p > a)) };
  };
  const presets = Object.fromEntries(
    PRESET_NAMES.map((p) => {
      const rate = sidecar.presets[p].targetFpr ?? DEFAULT_RATES[p];
      const suspicious = state(rate);
      return [p, { suspicious, synthetic: state(rate * SYNTHETIC_RATE_FACTOR, suspicious.a) }];
    }),
  ) as LiveFile['presets'];
  const hopS = sidecar.hopSamples / sidecar.sampleRate;
  const base = { rule, presets };
  const file: LiveFile = liveFileSchema.parse({
    schemaVersion: 1,
    model: { name: sidecar.name, version: sidecar.version, sha256: sidecar.sha256 },
    rule,
    stretchSeconds,
    presets,
    measured: {
      what: 'share of voices ever shown a state over a looped 40 s stretch through a call channel (opus 12/16/24 kb/s VoIP, 8 kHz telephone band); voices = (source, speaker) for real speech, (source, system) for spoof, from corpus sources the model never trained on',
      calibrationSources: [...new Set(cal.map((v) => v.source))].sort(),
      heldOutSources: [...holdout].sort(),
      windowLogitMean: mu,
      windowLogitSd: sigma,
      heldOut: measure(scored.filter((v) => holdout.has(v.source)), base, hopS),
      calibration: measure(cal, base, hopS),
      all: measure(scored, base, hopS),
    },
    command: `npm run calibrate:live -- --model ${model}`,
    generated: new Date().toISOString(),
  });
  return { file, scored, holdout };
}

function summary(f: LiveFile): string {
  const m = f.measured as Record<string, Record<string, Record<string, number>>>;
  const lines = [`live rule for ${f.model.name} ${f.model.version}: b = ${f.rule.b.toFixed(2)}, maxEvidence ${f.rule.maxEvidence}, hysteresis ${f.rule.hysteresis}`];
  for (const p of PRESET_NAMES) {
    const h = m.heldOut![p]!;
    const a = m.all![p]!;
    lines.push(
      `${p.padEnd(12)} suspicious a=${f.presets[p].suspicious.a.toFixed(2)} (target ${pct(f.presets[p].suspicious.targetRate)}, held out ${pct(h.realEverSuspiciousOrWorse!)}) ` +
        `synthetic a=${f.presets[p].synthetic.a.toFixed(2)} (target ${pct(f.presets[p].synthetic.targetRate)}, held out ${pct(h.realEverSynthetic!)}) | ` +
        `all real ever flagged ${pct(a.realEverSuspiciousOrWorse!)} of ${a.realVoices}; spoof flagged held out ${pct(h.spoofEverFlagged!)}, all ${pct(a.spoofEverFlagged!)} of ${a.spoofVoices}; ` +
        `changes/min ${a.changesPerMinute!.toFixed(3)} (max per voice ${a.maxChangesPerMinutePerVoice!.toFixed(2)}), reversals/min ${a.reversalsPerMinute!.toFixed(3)} (${pct(a.voicesWithAReversal!)} of voices); first verdict ${a.firstVerdictAfterFirstSpeechWindowS} s after the first speech window`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('calibrate-live.ts')) {
  const arg = (k: string, d: string) => {
    const i = process.argv.indexOf(`--${k}`);
    return i > 0 ? process.argv[i + 1]! : d;
  };
  const model = arg('model', 'lite');
  const out = resolve(ROOT, arg('out', `models/${model}.live.json`));
  if (!existsSync(join(CORPUS, 'manifest.csv'))) {
    log(`no corpus at ${CORPUS} (set VERACALL_CORPUS)`);
    process.exit(2);
  }
  calibrate(model, Number(arg('stretch', '40'))).then(
    ({ file }) => {
      writeFileSync(out, JSON.stringify(file, null, 2) + '\n');
      process.stdout.write(summary(file) + `\nwrote ${out}\n`);
    },
    (e: unknown) => {
      log(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exit(1);
    },
  );
}
