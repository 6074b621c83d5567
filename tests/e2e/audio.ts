import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Audio for the fake microphone (--use-file-for-fake-audio-capture). Chromium reads
 * 16-bit PCM WAV; 48 kHz mono avoids its resampling. Files go to a temp folder, never the repo.
 */
export const CORPUS = resolve(process.env.VERACALL_CORPUS ?? join(import.meta.dirname, '../../../shared/corpus'));

function toWav(inputs: string[], out: string, padStartS = 0.5): string {
  // Concatenate, pad half a second of silence in front (fake capture drops its first ~100 ms).
  const args = ['-hide_banner', '-loglevel', 'error', '-y'];
  for (const f of inputs) args.push('-i', f);
  const chain = inputs.map((_, i) => `[${i}:a]aresample=48000,aformat=channel_layouts=mono[a${i}]`).join(';');
  const cat = `${inputs.map((_, i) => `[a${i}]`).join('')}concat=n=${inputs.length}:v=0:a=1,adelay=${padStartS * 1000}[o]`;
  args.push('-filter_complex', `${chain};${cat}`, '-map', '[o]', '-ac', '1', '-ar', '48000', '-c:a', 'pcm_s16le', out);
  execFileSync('ffmpeg', args);
  return out;
}

/** A synthetic voice made here with espeak-ng (flite as a fallback). */
export function synthVoiceWav(dir: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const raw = join(dir, 'tts-raw.wav');
  try {
    execFileSync('espeak-ng', ['-s', '150', '-w', raw, text]);
  } catch {
    execFileSync('flite', ['-t', text, '-o', raw]);
  }
  return toWav([raw], join(dir, 'tts.wav'));
}

/**
 * Synthetic voices made here that the lite model scores in its uncertain middle, where a
 * threshold decides: flite's 8 kHz diphone voice, espeak-ng under white noise (about 5 dB SNR),
 * espeak-ng pitched down. Model 2026.11.30-9 scores them 0.76, 0.82 and 0.86 (companion
 * decoder). A retrained model moves these, so tests measure each and take the first that lands
 * where they need it. Candidates whose tool is missing are left out.
 */
export function middlingVoiceWavs(dir: string, text: string): string[] {
  mkdirSync(dir, { recursive: true });
  const espeak = join(dir, 'mid-espeak-raw.wav');
  const makers: [string, () => string][] = [
    ['mid-flite-kal', () => (execFileSync('flite', ['-voice', 'kal', '-t', text, '-o', join(dir, 'mid-kal-raw.wav')]), join(dir, 'mid-kal-raw.wav'))],
    ['mid-espeak-noise', () => ffmpeg(speak(espeak, text), join(dir, 'mid-noise-raw.wav'), ['-f', 'lavfi', '-i', 'anoisesrc=color=white:amplitude=0.056:sample_rate=22050:seed=7'], '[0][1]amix=inputs=2:duration=first:normalize=0')],
    ['mid-espeak-pitch', () => ffmpeg(speak(espeak, text), join(dir, 'mid-pitch-raw.wav'), [], '[0]asetrate=22050*0.85,aresample=22050,atempo=1.17')],
  ];
  const out: string[] = [];
  for (const [name, make] of makers) {
    try {
      out.push(toWav([make()], join(dir, `${name}.wav`)));
    } catch {
      // tool missing: fewer candidates
    }
  }
  return out;
}

function speak(out: string, text: string): string {
  if (!existsSync(out)) execFileSync('espeak-ng', ['-s', '150', '-w', out, text]);
  return out;
}

function ffmpeg(input: string, out: string, extraInputs: string[], filter: string): string {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', input, ...extraInputs, '-filter_complex', filter, out]);
  return out;
}

/** Bona fide speech from the shared corpus, or null when the corpus is absent. */
export function bonafideWav(dir: string, minSeconds = 12): string | null {
  const manifest = join(CORPUS, 'manifest.csv');
  if (!existsSync(manifest)) return null;
  const rows = readFileSync(manifest, 'utf8').split('\n').slice(1);
  const picked: string[] = [];
  let total = 0;
  for (const r of rows) {
    const cols = r.split(',');
    if (cols[1] !== 'bonafide' || !cols[2]?.startsWith('bonafide-librispeech')) continue;
    const f = join(CORPUS, cols[0]!);
    if (!existsSync(f)) continue;
    picked.push(f);
    total += Number(cols[cols.length - 1]) || 5;
    if (total >= minSeconds) break;
  }
  if (!picked.length) return null;
  mkdirSync(dir, { recursive: true });
  return toWav(picked, join(dir, 'bonafide.wav'));
}

/** Seconds of a WAV file (from its size: 48 kHz mono 16-bit). */
export function wavSeconds(file: string): number {
  return (readFileSync(file).length - 44) / (48000 * 2);
}
