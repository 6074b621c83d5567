// Verify an exported model with the runtimes the product uses, and time it.
// usage: node models/tools/onnx_check.cjs <model.onnx> <parity.json> <input.f32> <expected.f32> [reps]
// <input.f32>/<expected.f32>: raw float32 tensors written by export.py (batch x window, batch).
// Prints JSON: max |ort-node - torch|, parity check, ms per window (batch 1) on ort-node
// with 2 intra-op threads and on ort-web wasm with 1 thread.
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..', '..', 'node_modules');
const ortNode = require(path.join(root, 'onnxruntime-node'));
const ortWeb = require(path.join(root, 'onnxruntime-web'));

const [modelPath, parityPath, inPath, expPath, repsArg] = process.argv.slice(2);
const reps = Number(repsArg || 20);
const f32 = (p) => { const b = fs.readFileSync(p); return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4); };

async function time(ort, session, window) {
  const x = new ort.Tensor('float32', new Float32Array(window).map((_, i) => Math.sin(i / 7) * 0.3), [1, window]);
  for (let i = 0; i < 3; i++) await session.run({ waveform: x });
  const times = [];  // median: the machine is shared, so single outliers are other jobs
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await session.run({ waveform: x });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0] };
}

async function main() {
  const parity = JSON.parse(fs.readFileSync(parityPath, 'utf8'));
  const W = parity.windowSamples;
  const input = f32(inPath), expected = f32(expPath);
  const batch = expected.length;
  const node = await ortNode.InferenceSession.create(modelPath, { intraOpNumThreads: 2, interOpNumThreads: 1 });
  const out = await node.run({ waveform: new ortNode.Tensor('float32', input, [batch, W]) });
  const got = out.logit.data;
  let maxDiff = 0;
  for (let i = 0; i < batch; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i] - expected[i]));
  const parityIn = input.subarray(0, parity.batch * W); // first rows are the parity generator output
  const pOut = await node.run({ waveform: new ortNode.Tensor('float32', parityIn, [parity.batch, W]) });
  let parityDiff = 0;
  for (let i = 0; i < parity.batch; i++) parityDiff = Math.max(parityDiff, Math.abs(pOut.logit.data[i] - parity.logits[i]));
  const nodeT = await time(ortNode, node, W);
  ortWeb.env.wasm.numThreads = 1;
  ortWeb.env.wasm.wasmPaths = path.join(root, 'onnxruntime-web', 'dist') + path.sep;
  const web = await ortWeb.InferenceSession.create(fs.readFileSync(modelPath), { executionProviders: ['wasm'] });
  const wOut = await web.run({ waveform: new ortWeb.Tensor('float32', parityIn, [parity.batch, W]) });
  let webDiff = 0;
  for (let i = 0; i < parity.batch; i++) webDiff = Math.max(webDiff, Math.abs(wOut.logit.data[i] - parity.logits[i]));
  const webT = await time(ortWeb, web, W);
  const load = require('os').loadavg()[0];
  console.log(JSON.stringify({ maxAbsDiffTorch: maxDiff, parityMaxAbsDiffNode: parityDiff, parityMaxAbsDiffWeb: webDiff,
    nodeMsPerWindow2Threads: nodeT.median, nodeMinMs: nodeT.min, webWasmMsPerWindow1Thread: webT.median,
    webWasmMinMs: webT.min, loadAverage1m: load, batch, windowSamples: W }));
}
main().catch((e) => { console.error(e); process.exit(1); });
