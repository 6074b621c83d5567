/**
 * Parity of each shipped model under onnxruntime-node with the logits its export recorded
 * (models/<name>.parity.json, spec "veracall-parity-v1", written by models/export.py from
 * models/parity.py). Skips, saying so, while no shipped model has a parity file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseSidecar, type ModelSidecar } from '../shared/index';
import { PARITY_SPEC, parityInput } from './parity-input';

const MODELS = join(dirname(fileURLToPath(import.meta.url)), '..', 'models');
const TOLERANCE = 1e-4;

const parityFileSchema = z.object({
  spec: z.literal(PARITY_SPEC),
  batch: z.number().int().positive(),
  windowSamples: z.number().int().positive(),
  logits: z.array(z.number()),
});

function shippedModels(): { sidecar: ModelSidecar; parityPath: string }[] {
  if (!existsSync(MODELS)) return [];
  return readdirSync(MODELS)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.parity.json'))
    .flatMap((f) => {
      let sidecar: ModelSidecar;
      try {
        sidecar = parseSidecar(JSON.parse(readFileSync(join(MODELS, f), 'utf8')), f);
      } catch {
        return []; // not a sidecar (the registry test covers invalid ones)
      }
      const parityPath = join(MODELS, `${sidecar.name}.parity.json`);
      return !sidecar.testFixture && existsSync(parityPath) && existsSync(join(MODELS, sidecar.file)) ? [{ sidecar, parityPath }] : [];
    });
}

describe('parity input generator', () => {
  it('matches models/parity.py (numpy) at sample points of each row', () => {
    const x = parityInput(4000, 3);
    // parity_input(4000)[b][n] for n in (0, 1, 999, 3999), printed by models/parity.py
    const reference = [
      0.015515404753386974, -0.004783527925610542, 0.3841300904750824, -0.006228393875062466,
      -0.03309816122055054, 0.057073310017585754, -0.2826419472694397, 0.028663916513323784,
      0.018288271501660347, 0.0188923217356205, -0.3632616698741913, -0.03644377365708351,
    ];
    const got = [0, 1, 2].flatMap((b) => [0, 1, 999, 3999].map((n) => x[b * 4000 + n]!));
    expect(got).toEqual(reference);
  });
});

const models = shippedModels();

describe('shipped model parity under onnxruntime-node', () => {
  if (!models.length) {
    it.skip('no shipped model with a models/<name>.parity.json yet; nothing to compare', () => {});
    return;
  }
  it.each(models.map((m) => [m.sidecar.name, m] as const))('%s reproduces its exported logits within 1e-4', async (_name, { sidecar, parityPath }) => {
    const ref = parityFileSchema.parse(JSON.parse(readFileSync(parityPath, 'utf8')));
    expect(ref.windowSamples).toBe(sidecar.windowSamples);
    expect(ref.logits).toHaveLength(ref.batch);
    const W = sidecar.windowSamples;
    const session = await ort.InferenceSession.create(join(MODELS, sidecar.file));
    try {
      const out = await session.run({ [sidecar.input.name]: new ort.Tensor('float32', parityInput(W, ref.batch), [ref.batch, W]) });
      const logits = Array.from(out[sidecar.output.name]!.data as Float32Array);
      logits.forEach((l, i) => expect(Math.abs(l - ref.logits[i]!)).toBeLessThanOrEqual(TOLERANCE));
    } finally {
      await session.release();
    }
  }, 120_000);
});
