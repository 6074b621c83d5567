/**
 * Extension benchmark: builds (or reuses) .output/chrome-mv3 and measures, in headless
 * Chromium on the local demo call page,
 * - time from remote speech onset (as received by the page) to the badge's first verdict,
 *   median of several fresh-browser runs;
 * - the offscreen (inference) document's memory after scoring.
 * Uses the real lite model when models/lite.onnx exists; otherwise the labelled test
 * fixture, and says so in `model`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFixtureModel } from '../tests/fixtures/fixture-model';
import { buildExtension, FIXTURE_EXT, HAS_LITE_MODEL, launch, REAL_EXT, ROOT, tmp } from '../tests/e2e/harness';
import { startServer } from '../tests/e2e/serve';
import { extensionProcessMemory, offscreenMetrics } from './offscreen-metrics';

const RUNS = Number(process.env.VERACALL_BENCH_RUNS ?? 3);
const LEAD_S = 2;

function speechWav(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const raw = join(dir, 'tts.wav');
  execFileSync('espeak-ng', ['-s', '150', '-w', raw, 'Good afternoon everyone, thanks for joining. I will share the quarterly numbers and then we can take questions from the team.']);
  const out = join(dir, 'bench.wav');
  // LEAD_S of silence, then speech: the onset is well defined.
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', raw, '-af', `aresample=48000,adelay=${LEAD_S * 1000}`, '-ac', '1', '-ar', '48000', '-c:a', 'pcm_s16le', out]);
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};

export default async function benchExtension(): Promise<Record<string, number | string>> {
  let ext = HAS_LITE_MODEL ? REAL_EXT : FIXTURE_EXT;
  if (process.env.VERACALL_BENCH_REUSE !== '1' || !existsSync(join(ext, 'manifest.json'))) {
    if (HAS_LITE_MODEL) ext = buildExtension('real');
    else {
      const d = tmp('veracall-bench-fixture-');
      writeFixtureModel(d, 'lite');
      ext = buildExtension('fixture', d);
    }
  }
  const sidecar = HAS_LITE_MODEL ? (JSON.parse(readFileSync(join(ROOT, 'models/lite.json'), 'utf8')) as { windowSamples: number; displayName: string; version: string }) : null;
  const wav = speechWav(tmp('veracall-bench-audio-'));
  const { server, url } = await startServer();
  const latencies: number[] = [];
  let memory: Record<string, number> = {};
  let processMemory = { rss: 0, pss: 0, processes: 0 };
  let engine = '';
  try {
    for (let run = 0; run < RUNS; run++) {
      const port = 9300 + Math.floor(Math.random() * 600);
      const b = await launch(ext, wav, { loop: false, args: [`--remote-debugging-port=${port}`] });
      try {
        const page = await b.context.newPage();
        await page.goto(`${url}/call.html?auto=mic&name=Speaker`);
        // The measuring loop lives in the demo page (call.js): no transpiled helpers cross into the page.
        const r = (await page.evaluate('window.veracallDemo.measureFirstVerdict()')) as { ms: number; state: string; engine: string };
        if (Number.isFinite(r.ms)) latencies.push(r.ms);
        engine = r.engine || engine;
        if (run === RUNS - 1) {
          memory = await offscreenMetrics(port);
          processMemory = extensionProcessMemory(b.userDir);
        }
      } finally {
        await b.close();
      }
    }
  } finally {
    server.close();
  }
  const mb = (x: number | null | undefined) => (x == null ? NaN : Math.round((x / 1048576) * 10) / 10);
  return {
    'extension.model': sidecar ? `${sidecar.displayName} ${sidecar.version}` : 'TEST FIXTURE (no lite model built yet)',
    'extension.engine': engine,
    'extension.window_s': sidecar ? sidecar.windowSamples / 16000 : 0.5,
    'extension.runs': latencies.length,
    'extension.first_verdict_ms_median': Math.round(median(latencies)),
    'extension.first_verdict_ms_min': Math.round(Math.min(...latencies)),
    'extension.first_verdict_ms_max': Math.round(Math.max(...latencies)),
    // CDP on the offscreen document's target after the run.
    'extension.offscreen_js_heap_mb': mb(memory.JSHeapUsedSize),
    'extension.offscreen_ua_memory_mb': mb(memory.uaSpecificBytes),
    // Whole extension renderer process(es) (offscreen + service worker + Chromium's own component extensions): an upper bound.
    'extension.extension_processes_pss_mb': mb(processMemory.pss),
  };
}

if (process.argv[1]?.endsWith('extension.ts')) {
  void benchExtension().then((r) => console.log(JSON.stringify(r, null, 2)));
}
