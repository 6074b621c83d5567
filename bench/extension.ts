/**
 * Extension benchmark: builds (or reuses) .output/chrome-mv3 and measures, in headless
 * Chromium on the local demo call page,
 * - time from remote speech onset (as received by the page) to the badge's first verdict,
 *   median of several fresh-browser runs;
 * - the offscreen (inference) document's memory after scoring.
 * Uses the real lite model when models/lite.onnx exists; otherwise the labelled test
 * fixture, and says so in `model`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFixtureModel } from '../tests/fixtures/fixture-model';
import { buildExtension, FIXTURE_EXT, HAS_LITE_MODEL, launch, REAL_EXT, ROOT, tmp } from '../tests/e2e/harness';
import { startServer } from '../tests/e2e/serve';
import { extensionProcessMemory, offscreenEvaluate, offscreenMetrics } from './offscreen-metrics';
import { STAGES, stages, type PageTimes, type Stage } from './first-verdict-trace';
import { MODEL_SAMPLE_RATE } from '../shared/model/sample-rate';

const RUNS = Number(process.env.VERACALL_BENCH_RUNS ?? 3);
const LEAD_S = 2;
/** Seconds between opening the call page and the remote participant joining (cold-call scenarios). */
const JOIN_S = Number(process.env.VERACALL_BENCH_JOIN_S ?? 4);
/** Minutes of the long-call memory run (0 skips it). */
const CALL_MINUTES = Number(process.env.VERACALL_BENCH_CALL_MINUTES ?? 3);

function speechWav(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const raw = join(dir, 'tts.wav');
  execFileSync('espeak-ng', ['-s', '150', '-w', raw, 'Good afternoon everyone, thanks for joining. I will share the quarterly numbers and then we can take questions from the team.']);
  const out = join(dir, 'bench.wav');
  // LEAD_S of silence, then speech: the onset is well defined.
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', raw, '-af', `aresample=48000,adelay=${LEAD_S * 1000}`, '-ac', '1', '-ar', '48000', '-c:a', 'pcm_s16le', out]);
  return out;
}

/** A voice that keeps talking (the fake capture loops it): a long call. */
function loopWav(dir: string): string {
  const raw = join(dir, 'long.wav');
  execFileSync('espeak-ng', ['-s', '150', '-w', raw, 'We keep talking through the whole meeting so the detector keeps working. Numbers, plans and questions, one after another, for as long as the call lasts.']);
  const out = join(dir, 'long48.wav');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', raw, '-af', 'aresample=48000,apad=pad_dur=0.5', '-ac', '1', '-ar', '48000', '-c:a', 'pcm_s16le', out]);
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};

/** Two busy-loop processes: the "busy machine" condition (on top of whatever else runs). */
function busyLoad(n = 2): () => void {
  const kids = Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  return () => kids.forEach((k) => k.kill('SIGKILL'));
}

interface Scenario {
  name: string;
  /** Seconds between page load and the remote participant joining (null: joins at load, ?auto=mic). */
  joinS: number | null;
  busy: boolean;
  /** Measure a second call in the same browser (engine loaded, wasm compiled): the warm case. */
  second?: boolean;
}

const ALL_SCENARIOS: Scenario[] = [
  { name: 'join_at_load', joinS: null, busy: false },
  { name: 'cold_quiet', joinS: JOIN_S, busy: false },
  { name: 'cold_busy', joinS: JOIN_S, busy: true },
  { name: 'warm_quiet', joinS: null, busy: false, second: true },
];

/** VERACALL_BENCH_SCENARIOS=cold_quiet,warm_quiet runs only those ('none': only the long call). */
const only = process.env.VERACALL_BENCH_SCENARIOS?.split(',');
const SCENARIOS = only ? ALL_SCENARIOS.filter((s) => only.includes(s.name)) : ALL_SCENARIOS;

type Measured = PageTimes & { ms: number; state: string; engine: string };

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
  const out: Record<string, number | string> = {
    'extension.model': sidecar ? `${sidecar.displayName} ${sidecar.version}` : 'TEST FIXTURE (no lite model built yet)',
    'extension.window_s': sidecar ? sidecar.windowSamples / MODEL_SAMPLE_RATE : 0.5,
  };
  let memory: Record<string, number> = {};
  let processMemory = { rss: 0, pss: 0, processes: 0 };
  try {
    for (const sc of SCENARIOS) {
      const latencies: number[] = [];
      const stageMs: Partial<Record<Stage, number[]>> = {};
      const loads: number[] = [];
      const stopBusy = sc.busy ? busyLoad() : () => {};
      try {
        for (let run = 0; run < RUNS; run++) {
          const port = 9300 + Math.floor(Math.random() * 600);
          const b = await launch(ext, wav, { loop: false, args: [`--remote-debugging-port=${port}`] });
          try {
            let page = await b.context.newPage();
            if (sc.second) {
              // A first call warms the engine; the measured call is the next one in the same browser.
              await page.goto(`${url}/call.html?auto=mic&name=First`);
              await page.evaluate('window.veracallDemo.measureFirstVerdict()');
              await page.close();
              page = await b.context.newPage();
            }
            // Cold: a fresh browser; the page opens, the remote voice joins JOIN_S later, speaks LEAD_S after that.
            await page.goto(sc.joinS === null ? `${url}/call.html?auto=mic&name=Speaker` : `${url}/call.html`);
            if (sc.joinS !== null) {
              await page.waitForTimeout(sc.joinS * 1000);
              await page.evaluate('window.veracallDemo.addMic("Speaker")');
            }
            loads.push(loadavg()[0]!);
            // The measuring loop lives in the demo page (call.js): no transpiled helpers cross into the page.
            const r = (await page.evaluate('window.veracallDemo.measureFirstVerdict()')) as Measured;
            if (Number.isFinite(r.ms)) {
              latencies.push(r.ms);
              const st = stages(r, await offscreenEvaluate(port, 'globalThis.veracallTraces?.toJSON() ?? null'));
              for (const k of STAGES) if (st[k] !== undefined) (stageMs[k] ??= []).push(st[k]);
            }
            out['extension.engine'] = r.engine || (out['extension.engine'] ?? '');
            if (sc.name === 'cold_quiet' && run === RUNS - 1) {
              memory = await offscreenMetrics(port);
              processMemory = extensionProcessMemory(b.userDir);
            }
          } finally {
            await b.close();
          }
        }
      } finally {
        stopBusy();
      }
      const k = `extension.${sc.name}`;
      out[`${k}.runs`] = latencies.length;
      out[`${k}.first_verdict_ms_median`] = Math.round(median(latencies));
      out[`${k}.first_verdict_ms_min`] = Math.round(Math.min(...latencies));
      out[`${k}.first_verdict_ms_max`] = Math.round(Math.max(...latencies));
      out[`${k}.loadavg_1min`] = Math.round(median(loads) * 100) / 100;
      // Where the time went (bench/first-verdict-trace.ts): medians per stage.
      for (const st of STAGES) if (stageMs[st]?.length) out[`${k}.stage.${st}_ms_median`] = Math.round(median(stageMs[st]));
    }
    if (CALL_MINUTES > 0) Object.assign(out, await longCall(ext, url, CALL_MINUTES));
  } finally {
    server.close();
  }
  const mb = (x: number | null | undefined) => (x == null ? NaN : Math.round((x / 1048576) * 10) / 10);
  return {
    ...out,
    // Kept for the report's older keys: the cold, quiet scenario.
    'extension.runs': out['extension.cold_quiet.runs']!,
    'extension.first_verdict_ms_median': out['extension.cold_quiet.first_verdict_ms_median']!,
    'extension.first_verdict_ms_min': out['extension.cold_quiet.first_verdict_ms_min']!,
    'extension.first_verdict_ms_max': out['extension.cold_quiet.first_verdict_ms_max']!,
    // CDP on the offscreen document's target after the run.
    'extension.offscreen_js_heap_mb': mb(memory.JSHeapUsedSize),
    'extension.offscreen_ua_memory_mb': mb(memory.uaSpecificBytes),
    // Whole extension renderer process(es) (offscreen + service worker + Chromium's own component extensions): an upper bound.
    'extension.extension_processes_pss_mb': mb(processMemory.pss),
  };
}

/**
 * A long call: a looping voice for `minutes`, sampling the extension processes' PSS
 * (offscreen document + service worker) every 5 s. Reports peak, start and end.
 */
async function longCall(ext: string, url: string, minutes: number): Promise<Record<string, number | string>> {
  const voice = loopWav(tmp('veracall-bench-long-'));
  const port = 9300 + Math.floor(Math.random() * 600);
  const b = await launch(ext, voice, { loop: true, args: [`--remote-debugging-port=${port}`] });
  const samples: number[] = [];
  let offscreenPeak = 0;
  let offscreenPeakAtS = 0;
  let offscreenHwm = 0;
  let offscreenEnd = 0;
  try {
    const page = await b.context.newPage();
    const t0 = Date.now();
    await page.goto(`${url}/call.html?auto=mic&name=Speaker`);
    const end = t0 + minutes * 60_000;
    let lastCurve = 0;
    while (Date.now() < end) {
      // Every 200 ms in the first 30 s (the engine loads then: the peak), every second after.
      await page.waitForTimeout(Date.now() - t0 < 30_000 ? 200 : 1000);
      const m = extensionProcessMemory(b.userDir);
      if (Date.now() - lastCurve >= 5000) {
        samples.push(m.pss);
        lastCurve = Date.now();
      }
      if (m.largestPss > offscreenPeak) {
        offscreenPeak = m.largestPss;
        offscreenPeakAtS = (Date.now() - t0) / 1000;
      }
      offscreenHwm = Math.max(offscreenHwm, m.largestHwm);
      offscreenEnd = m.largestPss;
    }
  } finally {
    await b.close();
  }
  const mib = (x: number) => Math.round((x / 1048576) * 10) / 10;
  const third = Math.max(1, Math.floor(samples.length / 3));
  return {
    'extension.long_call.minutes': minutes,
    'extension.long_call.extension_pss_peak_mb': mib(Math.max(...samples)),
    'extension.long_call.extension_pss_first_third_max_mb': mib(Math.max(...samples.slice(0, third))),
    'extension.long_call.extension_pss_last_third_max_mb': mib(Math.max(...samples.slice(-third))),
    'extension.long_call.offscreen_pss_peak_mb': mib(offscreenPeak),
    'extension.long_call.offscreen_pss_peak_at_s': Math.round(offscreenPeakAtS * 10) / 10,
    'extension.long_call.offscreen_pss_end_mb': mib(offscreenEnd),
    'extension.long_call.offscreen_rss_hwm_mb': mib(offscreenHwm),
    'extension.long_call.pss_curve_mb': samples.map(mib).join(' '),
  };
}

if (process.argv[1]?.endsWith('extension.ts')) {
  void benchExtension().then((r) => console.log(JSON.stringify(r, null, 2)));
}
