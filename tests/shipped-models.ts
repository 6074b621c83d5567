import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSidecar, type ModelSidecar } from '../shared/index';

export const MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'models');

/** The models the project ships: the extension bundles lite, the companion prefers large. */
export const SHIPPED_MODEL_NAMES = ['lite', 'large'] as const;

/** Shipped models whose sidecar is in models/: each must then be complete and intact. */
export function shippedModelNames(dir = MODELS_DIR): string[] {
  return SHIPPED_MODEL_NAMES.filter((n) => existsSync(join(dir, `${n}.json`)));
}

/**
 * Reads a shipped model's sidecar and checks what makes it loadable: a valid sidecar named
 * after its file, not a test fixture, its .onnx beside it with the sidecar's sha256. Throws
 * a message saying what is wrong.
 */
export function loadShippedSidecar(name: string, dir = MODELS_DIR): ModelSidecar {
  const sidecar = parseSidecar(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')), `models/${name}.json`);
  if (sidecar.name !== name) throw new Error(`models/${name}.json names the model "${sidecar.name}"`);
  if (sidecar.testFixture) throw new Error(`models/${name}.json is marked testFixture`);
  const onnx = join(dir, sidecar.file);
  if (!existsSync(onnx)) throw new Error(`models/${sidecar.file} is missing (named by models/${name}.json)`);
  if (!sidecar.sha256) throw new Error(`models/${name}.json has no sha256 for ${sidecar.file}`);
  const actual = createHash('sha256').update(readFileSync(onnx)).digest('hex');
  if (actual !== sidecar.sha256) throw new Error(`models/${sidecar.file}: sha256 ${actual} does not match models/${name}.json (${sidecar.sha256})`);
  return sidecar;
}
