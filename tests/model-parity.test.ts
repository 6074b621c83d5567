/**
 * Parity of each shipped model under onnxruntime-node with the logits its export recorded
 * (models/<name>.parity.json, spec "veracall-parity-v1", written by models/export.py from
 * models/parity.py). A shipped model (models/lite.json or models/large.json present) that is
 * broken fails here: invalid sidecar, missing .onnx, sha256 mismatch, no parity file, logits
 * off. Skips, saying so, only while no shipped model is present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PARITY_SPEC, parityInput } from './parity-input';
import { loadShippedSidecar, MODELS_DIR as MODELS, shippedModelNames } from './shipped-models';

const TOLERANCE = 1e-4;

const parityFileSchema = z.object({
  spec: z.literal(PARITY_SPEC),
  batch: z.number().int().positive(),
  windowSamples: z.number().int().positive(),
  logits: z.array(z.number()),
});

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

const shipped = shippedModelNames();

describe('shipped model parity under onnxruntime-node', () => {
  if (!shipped.length) {
    it.skip('SKIPPED: no shipped model (models/lite.json, models/large.json); nothing to compare', () => {});
    return;
  }
  it.each(shipped)('%s: valid sidecar, .onnx with the sidecar\'s sha256, parity file', (name) => {
    const sidecar = loadShippedSidecar(name);
    expect(existsSync(join(MODELS, `${sidecar.name}.parity.json`)), `models/${name}.parity.json is missing`).toBe(true);
  });
  it.each(shipped)('%s reproduces its exported logits within 1e-4', async (name) => {
    const sidecar = loadShippedSidecar(name);
    const ref = parityFileSchema.parse(JSON.parse(readFileSync(join(MODELS, `${sidecar.name}.parity.json`), 'utf8')));
    expect(ref.windowSamples).toBe(sidecar.windowSamples);
    expect(ref.logits).toHaveLength(ref.batch);
    const W = sidecar.windowSamples;
    const session = await ort.InferenceSession.create(join(MODELS, sidecar.file));
    try {
      const out = await session.run({ [sidecar.input.name]: new ort.Tensor('float32', parityInput(W, ref.batch), [ref.batch, W]) });
      const logits = Array.from(out[sidecar.output.name]!.data as Float32Array);
      expect(logits).toHaveLength(ref.batch);
      logits.forEach((l, i) => expect(Math.abs(l - ref.logits[i]!)).toBeLessThanOrEqual(TOLERANCE));
    } finally {
      await session.release();
    }
  }, 120_000);
});
