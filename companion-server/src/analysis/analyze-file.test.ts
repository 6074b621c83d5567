import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureModel } from '../../../tests/fixtures/fixture-model';
import { ModelRegistry } from '../models/model-registry';
import { encodeWav } from '../testing/audio';
import { analyzeFile } from './analyze-file';
import { MODEL_SAMPLE_RATE } from '../../../shared/model/sample-rate';

// The score CLI's fallback for files in which the energy gate hears no speech.
describe('analyzeFile with scoreAllWhenNoSpeech', () => {
  let registry: ModelRegistry;
  const dir = mkdtempSync(join(tmpdir(), 'veracall-analyze-file-'));
  beforeAll(async () => {
    writeFixtureModel(dir, 'lite');
    registry = await ModelRegistry.load({ dir, allowTestFixtures: true, executionProvider: 'cpu' });
  });
  afterAll(async () => {
    await registry?.close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const opts = { sensitivity: { preset: 'balanced' as const }, maxSeconds: 600, scoreAllWhenNoSpeech: true };

  it('scores only the windows that hold signal, leaving digital silence out', async () => {
    // 2 s of faint hum at -60 dBFS (below the speech gate's floor, above the signal floor)
    // followed by 2 s of digital silence
    const x = new Float32Array(64000);
    for (let i = 0; i < 32000; i++) x[i] = 0.001 * Math.SQRT2 * Math.sin((2 * Math.PI * 120 * i) / MODEL_SAMPLE_RATE);
    const r = await analyzeFile(registry, encodeWav([x], MODEL_SAMPLE_RATE), opts);
    expect(r.explanation[0]).toMatch(/signal above -70 dBFS/);
    const scored = r.timeline.filter((t) => t.pSpoof !== null);
    expect(scored.length).toBeGreaterThan(0);
    expect(scored.every((t) => t.startS < 2)).toBe(true);
    expect(r.pSpoof).not.toBeNull();
  });

  it('still gives a number for an all-zero file, and says it means little', async () => {
    const r = await analyzeFile(registry, encodeWav([new Float32Array(32000)], MODEL_SAMPLE_RATE), opts);
    expect(r.pSpoof).not.toBeNull();
    expect(r.explanation[0]).toMatch(/digital silence/);
  });
});
