import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { AnalysisResult } from '../../../shared/index';
import { analyzeFile, pickModel } from '../analysis/analyze-file';
import { toCompanionError } from '../analysis/to-companion-error';
import { parseAnalyzeOptions } from '../schemas/analyze-options';
import { loadCliRegistry, MAX_CLI_AUDIO_SECONDS, type CliModelOptions } from './cli-models';
import { runIfMain, type CliIo } from './io';

const USAGE = `Usage: npm run analyze -- FILE... [--json] [--model NAME] [--preset sensitive|balanced|conservative|custom] [--threshold P] [--models-dir DIR]
Prints a verdict per file (wav, mp3, flac, ogg/opus, m4a/aac, webm, mp4). Runs in-process; no companion server needed.
Exit status: 0 when every file was analysed, 1 when any could not be, 2 on bad arguments.
`;

export async function runAnalyze(argv: string[], io: CliIo, extra: CliModelOptions = {}): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        model: { type: 'string' },
        preset: { type: 'string', default: 'balanced' },
        threshold: { type: 'string' },
        'models-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values: v, positionals: files } = args;
  if (v.help) return io.stdout(USAGE), 0;
  let sensitivity;
  try {
    sensitivity = parseAnalyzeOptions({ preset: v.preset, threshold: v.threshold }).sensitivity;
  } catch (err) {
    return io.stderr(`${(err as Error).message}\n${USAGE}`), 2;
  }
  if (!files.length) return io.stderr(`no files given\n${USAGE}`), 2;
  const registry = await loadCliRegistry({ modelsDir: v['models-dir'], ...extra }, (l) => io.stderr(`${l}\n`));
  try {
    try {
      pickModel(registry, v.model);
    } catch (err) {
      io.stderr(`${toCompanionError(err).message}\n`);
      return 1;
    }
    const results: (AnalysisResult | { file: string; error: string })[] = [];
    for (const file of files) {
      try {
        const bytes = new Uint8Array(await readFile(file));
        const r = await analyzeFile(registry, bytes, { model: v.model, sensitivity, fileName: file, maxSeconds: MAX_CLI_AUDIO_SECONDS });
        results.push(r);
        if (!v.json) io.stdout(formatResult(r));
      } catch (err) {
        const error = readError(err);
        results.push({ file, error });
        if (!v.json) io.stdout(`${file}: ERROR ${error}\n\n`);
      }
    }
    if (v.json) io.stdout(JSON.stringify(files.length === 1 ? results[0] : results, null, 2) + '\n');
    return results.some((r) => 'error' in r) ? 1 : 0;
  } finally {
    await registry.close();
  }
}

/** A short reason for a file that could not be analysed. */
export function readError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  try {
    return toCompanionError(err).message;
  } catch {
    return err instanceof Error ? err.message : String(err);
  }
}

const VERDICT_TEXT = { 'no-speech': 'NO SPEECH', human: 'HUMAN', suspicious: 'SUSPICIOUS', synthetic: 'SYNTHETIC' } as const;

export function formatResult(r: AnalysisResult): string {
  const p = r.pSpoof === null ? 'n/a' : r.pSpoof.toFixed(3);
  return (
    `${r.file}: ${VERDICT_TEXT[r.verdict]}  P(spoof) ${p}  (threshold ${r.threshold.toFixed(3)} ${r.preset}; ${r.model.name} ${r.model.version}, ${r.engine})\n` +
    `  ${r.durationS.toFixed(1)} s audio, ${r.speechS.toFixed(1)} s speech, ${r.source.format ?? '?'} ${r.source.sampleRate} Hz × ${r.source.channels}\n` +
    r.explanation.map((e) => `  - ${e}\n`).join('') +
    '\n'
  );
}

runIfMain(import.meta.url, runAnalyze);
