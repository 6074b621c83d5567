/**
 * Real speech from the shared corpus (../shared/corpus or VERACALL_CORPUS, never copied into
 * the repository) through the companion's decoder and every shipped model. Skipped, saying
 * so, on machines without the corpus; a shipped model the companion cannot load fails.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisResultSchema } from '../shared/index';
import { analyzeFile } from '../companion-server/src/analysis/analyze-file';
import { decodeAudio } from '../companion-server/src/audio/decode-audio';
import { parseCsvRecords } from '../companion-server/src/cli/csv';
import { ModelRegistry } from '../companion-server/src/models/model-registry';
import { shippedModelNames } from './shipped-models';
import { MODEL_SAMPLE_RATE } from '../shared/model/sample-rate';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = resolve(process.env.VERACALL_CORPUS ?? join(ROOT, '..', 'shared', 'corpus'));
const hasCorpus = existsSync(join(CORPUS, 'manifest.csv'));

/** Three bona fide and three spoof clips, the first of each label from different sources. */
function sampleClips(): Record<string, string>[] {
  const { records } = parseCsvRecords(readFileSync(join(CORPUS, 'manifest.csv'), 'utf8'));
  const picked: Record<string, string>[] = [];
  for (const label of ['bonafide', 'spoof']) {
    const seen = new Set<string>();
    for (const r of records) {
      if (r.label !== label || seen.has(r.source_repo!) || Number(r.duration_s) > 15) continue;
      seen.add(r.source_repo!);
      picked.push(r);
      if (seen.size === 3) break;
    }
  }
  return picked;
}

describe.skipIf(!hasCorpus)(`corpus clips (needs ${CORPUS}${hasCorpus ? '' : ': not found, SKIPPED'})`, () => {
  const clips = hasCorpus ? sampleClips() : [];
  let registry: ModelRegistry;
  beforeAll(async () => {
    registry = await ModelRegistry.load({ dir: join(ROOT, 'models'), executionProvider: 'cpu' });
  });
  afterAll(async () => registry?.close());

  it('decodes real Ogg Opus clips to 16 kHz mono of the listed duration', async () => {
    expect(clips).toHaveLength(6);
    for (const c of clips) {
      const d = await decodeAudio(readFileSync(join(CORPUS, c.file!)), { maxSeconds: 600 });
      expect(d.source.format).toBe('opus');
      expect(Math.abs(d.samples.length / MODEL_SAMPLE_RATE - Number(c.duration_s))).toBeLessThan(0.1);
    }
  });

  it('scores them with every shipped model', async (ctx) => {
    const shipped = shippedModelNames();
    if (!shipped.length) ctx.skip('no shipped model (models/lite.json, models/large.json)');
    // A shipped model the registry skipped (bad sidecar, sha256, missing .onnx) fails here.
    expect(registry.failures.filter((f) => shipped.includes(f.file.replace(/\.json$/, '')))).toEqual([]);
    expect(registry.list().map((m) => m.sidecar.name)).toEqual(expect.arrayContaining(shipped));
    for (const m of registry.list()) {
      for (const c of clips) {
        const r = analysisResultSchema.parse(
          await analyzeFile(registry, readFileSync(join(CORPUS, c.file!)), { model: m.sidecar.name, sensitivity: { preset: 'balanced' }, maxSeconds: 600 }),
        );
        expect(r.verdict).not.toBe('no-speech');
        expect(r.pSpoof).toBeGreaterThanOrEqual(0);
        expect(r.pSpoof).toBeLessThanOrEqual(1);
      }
    }
  }, 120_000);
});
