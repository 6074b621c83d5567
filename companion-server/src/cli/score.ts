import { open, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeFile, pickModel } from '../analysis/analyze-file';
import { toCompanionError } from '../analysis/to-companion-error';
import { readError } from './analyze';
import { loadCliRegistry, MAX_CLI_AUDIO_SECONDS, type CliModelOptions } from './cli-models';
import { csvField, parseCsvRecords } from './csv';
import { runIfMain, type CliIo } from './io';
import { Progress } from './progress';

const USAGE = `Usage: npm run score -- --manifest LIST.csv --out SCORES.csv [--model NAME] [--models-dir DIR]
Reads a CSV with a "file" column (paths relative to the CSV) and writes "file,score" rows, score = the
model's calibrated P(spoof) of the whole file in [0, 1] (mean of the window logits). Files where the
voice gate finds no speech are scored over their windows with signal (above -70 dBFS). Files that cannot be read or decoded are
reported on stderr and get no row. Exit status: 0 when at least one file was scored (even with some
skipped), 1 when none was, 2 on bad arguments.
`;

export async function runScore(argv: string[], io: CliIo, extra: CliModelOptions = {}): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        manifest: { type: 'string' },
        out: { type: 'string' },
        model: { type: 'string' },
        'models-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    io.stderr(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (v.help) return io.stdout(USAGE), 0;
  if (!v.manifest || !v.out) return io.stderr(`--manifest and --out are required\n${USAGE}`), 2;

  const { header, records } = parseCsvRecords(await readFile(v.manifest, 'utf8'));
  if (!header.includes('file')) return io.stderr(`${v.manifest} has no "file" column (columns: ${header.join(', ')})\n`), 2;
  const base = dirname(resolve(v.manifest));
  const registry = await loadCliRegistry({ modelsDir: v['models-dir'], ...extra }, (l) => io.stderr(`${l}\n`));
  try {
    let model;
    try {
      model = pickModel(registry, v.model);
    } catch (err) {
      return io.stderr(`${toCompanionError(err).message}\n`), 1;
    }
    io.stderr(`scoring ${records.length} files with ${model.sidecar.name} ${model.sidecar.version} (${model.engine})\n`);
    const out = await open(v.out, 'w'); // fails here, before any work, when --out cannot be written
    await out.write('file,score\n');
    const progress = new Progress(records.length, io);
    let scored = 0;
    const failed: string[] = [];
    for (const { file } of records) {
      if (!file) {
        failed.push('(empty file field)');
        progress.step('skipped a row with an empty file field');
        continue;
      }
      try {
        const bytes = new Uint8Array(await readFile(isAbsolute(file) ? file : resolve(base, file)));
        const r = await analyzeFile(registry, bytes, {
          model: model.sidecar.name,
          sensitivity: { preset: 'balanced' },
          maxSeconds: MAX_CLI_AUDIO_SECONDS,
          scoreAllWhenNoSpeech: true,
        });
        if (r.pSpoof === null) throw new Error('no audio windows to score');
        await out.write(`${csvField(file)},${r.pSpoof.toFixed(6)}\n`);
        scored++;
        progress.step();
      } catch (err) {
        failed.push(file);
        progress.step(`skipped ${file}: ${readError(err)}`);
      }
    }
    await out.close();
    progress.done(`scored ${scored} of ${records.length} files → ${v.out}${failed.length ? `; ${failed.length} skipped (no row written)` : ''}`);
    return scored > 0 || records.length === 0 ? 0 : 1;
  } finally {
    await registry.close();
  }
}

runIfMain(import.meta.url, runScore);
