/**
 * Scores silence-like windows (digital zero, ±1 LSB dither, white noise at -60 and -40 dBFS
 * RMS) with a shipped model and prints the raw logit and the calibrated P(spoof) from its
 * sidecar: a quiet line must never look synthetic.
 * Usage: node --import tsx models/tools/silence-check.ts [lite|large]
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { calibrate } from '../../shared/model/calibration';
import type { Calibration } from '../../shared/model/sidecar';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..'); // models/, where the shipped graphs live

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const CASES: Record<string, (r: () => number) => () => number> = {
  'digital zero': () => () => 0,
  '±1 LSB dither': (r) => () => (Math.floor(r() * 3) - 1) / 32768,
  'white noise -60 dBFS': (r) => () => (r() * 2 - 1) * Math.sqrt(3) * 1e-3,
  'white noise -40 dBFS': (r) => () => (r() * 2 - 1) * Math.sqrt(3) * 1e-2,
};

async function main(name: string): Promise<void> {
  const side = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8'));
  const session = await ort.InferenceSession.create(join(DIR, side.file));
  const n: number = side.windowSamples;
  const cal: Calibration = side.calibration;
  console.log(`${side.name} ${side.version}: logit, P(spoof); presets from ${side.presets.sensitive.threshold.toFixed(2)}`);
  for (const [label, make] of Object.entries(CASES)) {
    const x = Float32Array.from({ length: n }, make(lcg(1)));
    const out = await session.run({ [side.input.name]: new ort.Tensor('float32', x, [1, n]) });
    const z = Number(out[side.output.name].data[0]);
    console.log(`${label.padEnd(22)} ${z.toFixed(2).padStart(6)} ${calibrate(z, cal).toFixed(2)}`);
  }
}

main(process.argv[2] ?? 'lite').catch((err) => {
  console.error((err as Error).message);
  process.exit(1);
});
