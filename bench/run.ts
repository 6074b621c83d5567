/**
 * `npm run bench`: measures this machine and writes bench/results/latest.{json,md}.
 * Reports; asserts nothing (not part of `npm test`). Loopback only; every loop is bounded.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { startServer } from '../companion-server/src/server';
import { benchModels, type BenchModel } from './bench-models';
import { fileThroughput, nodeLatency, type LatencyRow } from './inference';
import { renderMarkdown, type BenchResults } from './report';
import { round, RssSampler } from './stats';
import { LATENCY_BUDGET_MS, wsCapacity } from './ws-capacity';
import companionAbuse from './companion-abuse';
import { abuseSummary, machineUptime, writeAbuseResults } from './abuse-report';
import { MODEL_SAMPLE_RATE } from '../shared/model/sample-rate';

const HERE = dirname(fileURLToPath(import.meta.url));
const WS_SECONDS = Number(process.env.VERACALL_BENCH_WS_SECONDS ?? 10);
const WS_MAX_STREAMS = Number(process.env.VERACALL_BENCH_WS_MAX_STREAMS ?? 256);
const log = (s: string) => process.stderr.write(`${s}\n`);
const mib = (b: number) => round(b / 2 ** 20, 0);

async function ortWebLatency(dir: string, m: BenchModel, threads: number): Promise<LatencyRow & { peakRssBytes?: number }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(HERE, 'ort-web-child.ts'), dir, m.sidecarFile, String(threads), m.label], {
      timeout: 180_000,
    });
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
  } catch (err) {
    const error = (err as Error).message.split('\n')[0]!;
    return { model: m.label, runtime: `onnxruntime-web wasm ×${threads}`, windowS: m.sidecar.windowSamples / MODEL_SAMPLE_RATE, medianMs: NaN, p95Ms: NaN, rtf: NaN, reps: 0, error };
  }
}

async function extensionBench(): Promise<BenchResults['extension']> {
  const file = join(HERE, 'extension.ts');
  if (!existsSync(file)) return null;
  if (process.env.VERACALL_BENCH_SKIP_EXTENSION === '1') return { error: 'skipped (VERACALL_BENCH_SKIP_EXTENSION=1)' };
  try {
    const mod = (await import(pathToFileURL(file).href)) as { default: () => Promise<Record<string, number | string>> };
    return await mod.default();
  } catch (err) {
    return { error: err instanceof Error ? err.message.split('\n')[0]! : String(err) };
  }
}

async function main(): Promise<void> {
  const rss = new RssSampler();
  const loadStart = round(loadavg()[0]!, 2);
  const ortVersion = (await import('onnxruntime-node/package.json', { with: { type: 'json' } })).default.version;
  const bm = benchModels();
  log(`models: ${bm.models.map((m) => m.label).join(', ')}`);
  const latency: LatencyRow[] = [];
  let childPeak = 0;
  for (const m of bm.models) {
    log(`latency: ${m.label}`);
    latency.push(await nodeLatency(m));
    for (const threads of [1, 2]) {
      const row = await ortWebLatency(bm.dir, m, threads);
      childPeak = Math.max(childPeak, row.peakRssBytes ?? 0);
      delete row.peakRssBytes;
      latency.push(row);
    }
  }
  const fileAnalysis = [];
  for (const m of bm.models) {
    log(`file analysis: ${m.label}`);
    fileAnalysis.push(await fileThroughput(m));
  }
  log('websocket capacity');
  const configDir = mkdtempSync(join(tmpdir(), 'veracall-bench-config-'));
  const server = await startServer(
    { host: '127.0.0.1', port: 0, modelsDir: bm.dir, configDir, logLevel: 'warn', allowTestFixtures: bm.fixture },
    { handleSignals: false },
  );
  const websocket = [];
  try {
    for (const m of bm.models) {
      const hopMs = (m.sidecar.hopSamples / m.sidecar.sampleRate) * 1000;
      const cap = await wsCapacity(server.url, server.pairing.token, m.sidecar.name, hopMs, { seconds: WS_SECONDS, max: WS_MAX_STREAMS, log });
      websocket.push({ ...cap, model: m.label, latencyBudgetMs: LATENCY_BUDGET_MS, stepSeconds: WS_SECONDS, rampMax: WS_MAX_STREAMS });
    }
  } finally {
    await server.close();
    rmSync(configDir, { recursive: true, force: true });
  }
  log('companion under abuse');
  if (process.env.VERACALL_BENCH_SKIP_ABUSE !== '1') {
    const uptime = machineUptime();
    const rows = await companionAbuse(log);
    writeAbuseResults(rows, uptime); // bench/results/abuse.{json,md}, with pass/fail per target
    log(abuseSummary(rows));
  }
  log('extension');
  const extension = await extensionBench();
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: round(totalmem() / 2 ** 30, 1),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      onnxruntime: ortVersion,
      loadAverage: { start: loadStart, end: round(loadavg()[0]!, 2) },
    },
    modelsFixture: bm.fixture,
    latency,
    fileAnalysis,
    websocket,
    extension,
    peakRssMiB: { bench: mib(rss.stop()), ortWebChildren: mib(childPeak) },
    notes: [
      'The machine is shared with other engineers: timings are medians/p95 of repeated runs and vary between runs.',
      `WebSocket ramp: 1, 2, 4, ... streams (8 per connection), stopping at the first step over budget or at ${WS_MAX_STREAMS}; stream starts spread over one model hop; the ws client runs in the same process as the server and shares its 2 cores.`,
    ],
  };
  const out = join(HERE, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  const md = renderMarkdown(results);
  writeFileSync(join(out, 'latest.md'), md);
  process.stdout.write(md);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`bench failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  },
);
