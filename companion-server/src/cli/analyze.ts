import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PRESET, SENSITIVITY_NAMES, type AnalysisResult } from '../../../shared/index';
import { analyzeFile, pickModel } from '../analysis/analyze-file';
import { toCompanionError } from '../analysis/to-companion-error';
import { parseAnalyzeOptions } from '../schemas/analyze-options';
import { loadCliRegistry, MAX_CLI_AUDIO_SECONDS, type CliModelOptions } from './cli-models';
import { runIfMain, type CliIo } from './io';

const USAGE = `Usage: npm run analyze -- FILE... [--json] [--model NAME] [--preset ${SENSITIVITY_NAMES.join('|')}] [--threshold P] [--models-dir DIR]
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
        preset: { type: 'string', default: DEFAULT_PRESET },
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
        const bytes = await readAudioFile(resolveUserPath(file));
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

/** Largest file the CLI reads (it decodes in-process; uploads are capped separately). */
export const MAX_CLI_FILE_BYTES = 2 * 1024 ** 3;

/** `npm run analyze` runs in the project root; a relative path means the user's own directory (npm's INIT_CWD). */
export function resolveUserPath(file: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.INIT_CWD ?? process.cwd(), file);
}

export class NotAudioFileError extends Error {
  override name = 'NotAudioFileError';
}

/** Reads a regular file of bounded size: /dev/zero, FIFOs and directories are refused, not read for ever. */
export async function readAudioFile(path: string, maxBytes = MAX_CLI_FILE_BYTES): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw new NotAudioFileError('is a directory');
    if (!st.isFile()) throw new NotAudioFileError('not a regular file (a device, FIFO or socket)');
    if (st.size > maxBytes) throw new NotAudioFileError(`larger than the ${Math.round(maxBytes / 1024 ** 2)} MB limit`);
    const buf = new Uint8Array(st.size);
    const { bytesRead } = await fh.read(buf, 0, st.size, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** A short reason for a file that could not be analysed. */
export function readError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (err instanceof NotAudioFileError) return err.message;
  try {
    return toCompanionError(err).message;
  } catch {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * Verdicts in words for what the model measured. Never "human": a low score means the model
 * found no signs of synthesis, not that a person spoke (see the README's warning).
 */
export const VERDICT_TEXT = {
  'no-speech': 'no speech heard',
  human: 'no signs of synthesis',
  suspicious: 'suspicious',
  synthetic: 'likely synthetic',
} as const;

export function formatResult(r: AnalysisResult): string {
  const p = r.pSpoof === null ? '' : `  chance of synthesis ${Math.round(r.pSpoof * 100)} %`;
  return (
    `${r.file}: ${VERDICT_TEXT[r.verdict]}${p}  (threshold ${Math.round(r.threshold * 100)} % ${r.preset}; ${r.model.name} ${r.model.version}, ${r.engine})\n` +
    `  ${r.durationS.toFixed(1)} s audio, ${r.speechS.toFixed(1)} s speech, ${r.source.format ?? '?'} ${r.source.sampleRate} Hz × ${r.source.channels}\n` +
    r.explanation.map((e) => `  - ${e}\n`).join('') +
    '\n'
  );
}

runIfMain(import.meta.url, runAnalyze);
