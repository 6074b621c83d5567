// Scores silence-like windows (digital zero, ±1 LSB dither, white noise at -60 and -40 dBFS
// RMS) with a shipped model and prints the raw logit and the calibrated P(spoof) from its
// sidecar: a quiet line must never look synthetic.
// Usage: node models/silence_check.cjs [lite|large]
const path = require('node:path');
const ort = require('onnxruntime-node');

const name = process.argv[2] || 'lite';
const dir = __dirname;
const side = require(path.join(dir, `${name}.json`));

function lcg(seed) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const CASES = {
  'digital zero': () => () => 0,
  '±1 LSB dither': (r) => () => (Math.floor(r() * 3) - 1) / 32768,
  'white noise -60 dBFS': (r) => () => (r() * 2 - 1) * Math.sqrt(3) * 1e-3,
  'white noise -40 dBFS': (r) => () => (r() * 2 - 1) * Math.sqrt(3) * 1e-2,
};

async function main() {
  const session = await ort.InferenceSession.create(path.join(dir, side.file));
  const n = side.windowSamples;
  const { scale, bias } = side.calibration;
  console.log(`${side.name} ${side.version}: logit, P(spoof); presets from ${side.presets.sensitive.threshold.toFixed(2)}`);
  for (const [label, make] of Object.entries(CASES)) {
    const gen = make(lcg(1));
    const x = Float32Array.from({ length: n }, gen);
    const out = await session.run({ [side.input.name]: new ort.Tensor('float32', x, [1, n]) });
    const z = out[side.output.name].data[0];
    const p = 1 / (1 + Math.exp(-(scale * z + bias)));
    console.log(`${label.padEnd(22)} ${z.toFixed(2).padStart(6)} ${p.toFixed(2)}`);
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
