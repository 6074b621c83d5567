/**
 * Child process for onnxruntime-web (wasm) timings in Node: the wasm thread count is fixed
 * at the first session, so each numThreads setting runs in its own process.
 * argv: <models dir> <sidecar file> <numThreads>; prints one JSON LatencyRow (+ peak RSS).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ortWeb from 'onnxruntime-web';
import { createOnnxDetector, parseSidecar } from '../shared/index';
import { benchWindow, latencyRow } from './inference';
import { timeRepeated } from './stats';

const [dir, file, threads, label] = process.argv.slice(2) as [string, string, string, string];
ortWeb.env.wasm.numThreads = Number(threads);
const sidecar = parseSidecar(JSON.parse(readFileSync(join(dir, file), 'utf8')), file);
const m = { sidecar, bytes: new Uint8Array(readFileSync(join(dir, sidecar.file))), label, sidecarFile: file };
const d = await createOnnxDetector(ortWeb, m.bytes, sidecar, { engine: 'onnxruntime-web/wasm', sessionOptions: { executionProviders: ['wasm'] } });
const w = benchWindow(m);
const row = latencyRow(m, `onnxruntime-web wasm ×${threads}`, await timeRepeated(() => d.process(w)));
await d.release();
process.stdout.write(JSON.stringify({ ...row, peakRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
process.exit(0);
