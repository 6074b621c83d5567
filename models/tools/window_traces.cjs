// Window logits of a shipped graph over consecutive windows (hop from its sidecar) of each
// file, for the evidence-over-time report (tools/evidence_time.py --traces).
// usage: node models/tools/window_traces.cjs <model.onnx> <sidecar.json> <files.csv> <out.jsonl> [max_windows]
// files.csv: a "file" column of absolute paths; decoded by ffmpeg to 16 kHz mono float32.
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const ort = require(path.resolve(__dirname, '..', '..', 'node_modules', 'onnxruntime-node'));

async function main() {
  const [modelPath, sidePath, listPath, outPath, maxArg] = process.argv.slice(2);
  const side = JSON.parse(fs.readFileSync(sidePath, 'utf8'));
  const W = side.windowSamples, H = side.hopSamples, max = Number(maxArg || 12);
  const files = fs.readFileSync(listPath, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.replace(/^"|"$/g, ''));
  const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const out = fs.openSync(outPath, 'w');
  for (const file of files) {
    const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'f32le', '-ac', '1', '-ar', '16000', 'pipe:1'], { maxBuffer: 1 << 28 });
    const x = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength >> 2);
    const n = Math.min(max, x.length >= W ? Math.floor((x.length - W) / H) + 1 : 0);
    const logits = [];
    if (n > 0) {
      const batch = new Float32Array(n * W);  // (n, W): consecutive windows, hop H
      for (let i = 0; i < n; i++) batch.set(x.subarray(i * H, i * H + W), i * W);
      const r = await session.run({ [side.input.name]: new ort.Tensor('float32', batch, [n, W]) });
      for (const v of r[side.output.name].data) logits.push(Math.round(v * 1e4) / 1e4);
    }
    fs.writeSync(out, JSON.stringify({ file, seconds: x.length / 16000, logits }) + '\n');
  }
  fs.closeSync(out);
}
main().catch((e) => { console.error(e); process.exit(1); });
