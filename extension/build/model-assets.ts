import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Files copied into the extension at build time, from where they live in the repo:
 * the lite model and its sidecar (models/), ort-web's wasm runtime and Silero VAD.
 * A missing lite model is not an error: the extension then says "no model".
 * `fixtureDir` (VERACALL_FIXTURE_MODEL_DIR) substitutes the test fixture for plumbing
 * e2e tests only; its sidecar says `testFixture: true` and the badge says so.
 */
export interface PublicAsset {
  absoluteSrc: string;
  relativeDest: string;
}

// The wasm-only runtime (extension/inference/ort-runtime.ts imports onnxruntime-web/wasm).
const ORT_FILES = ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];

export function modelAssets(root: string, opts: { fixtureDir?: string } = {}): PublicAsset[] {
  const out: PublicAsset[] = [];
  const modelDir = opts.fixtureDir ? resolve(opts.fixtureDir) : join(root, 'models');
  const onnx = join(modelDir, 'lite.onnx');
  const json = join(modelDir, 'lite.json');
  if (existsSync(onnx) && existsSync(json)) {
    out.push({ absoluteSrc: onnx, relativeDest: 'models/lite.onnx' }, { absoluteSrc: json, relativeDest: 'models/lite.json' });
    // The live rule's bars (npm run calibrate:live); the extension ignores it unless fitted on this model.
    const live = join(modelDir, 'lite.live.json');
    if (existsSync(live)) out.push({ absoluteSrc: live, relativeDest: 'models/lite.live.json' });
  } else {
    console.warn(`[veracall] ${json} not found: building without a model (the extension will say "no model")`);
  }
  const ortDir = join(root, 'node_modules/onnxruntime-web/dist');
  for (const f of ORT_FILES) out.push({ absoluteSrc: join(ortDir, f), relativeDest: `ort/${f}` });
  const silero = join(root, 'node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx');
  if (existsSync(silero)) out.push({ absoluteSrc: silero, relativeDest: 'vad/silero_vad_v5.onnx' });
  return out;
}
