/**
 * Memory and latency of the companion under abuse (issue 16): the server runs as its own
 * process (so its RSS is its own), and this process attacks it while timing /health.
 * Targets: server RSS ≤ 600 MB for any upload or flood, /health p99 ≤ 250 ms during the
 * floods, back to normal within 2 s. Standalone: `node --import tsx bench/companion-abuse.ts`
 * (writes bench/results/abuse.{json,md}); `npm run bench` runs it too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { floatToInt16, int16ToBase64, PROTOCOL_VERSION, WS_PATH } from '../shared/index';
import { encodeWav, FFMPEG, speechLike } from '../companion-server/src/testing/audio';
import { COMPANION_PROCESS_ENV } from '../companion-server/src/process-env';
import { aacHiddenLength, ffmpegBombs } from '../companion-server/src/testing/bombs';
import { multipart } from '../companion-server/src/testing/test-app';
import { benchModels } from './bench-models';
import { quantile, round } from './stats';
import { ABUSE_TARGETS, machineUptime, writeAbuseResults, type AbuseRow } from './abuse-report';
import { MODEL_SAMPLE_RATE } from '../shared/model/sample-rate';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Server {
  child: ChildProcess;
  url: string;
  token: string;
}

async function startCompanion(modelsDir: string, configDir: string, fixture: boolean): Promise<Server> {
  // VERACALL_ABUSE_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof': profile the server under the attacks.
  const nodeArgs = process.env.VERACALL_ABUSE_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  // The environment `npm start` and `npm run companion` run the server with (process-env.ts).
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(HERE, 'abuse-server-child.ts'), modelsDir, configDir, fixture ? '1' : '0'], {
    cwd: ROOT,
    env: { ...COMPANION_PROCESS_ENV, ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const line = out.split('\n').find((l) => l.startsWith('{'));
    if (line) return { child, ...(JSON.parse(line) as { url: string; token: string }) };
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`companion did not start: ${err.slice(-500)}`);
    await sleep(100);
  }
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Times GET /health every 20 ms and samples the server's RSS until stopped. */
function probe(s: Server) {
  const times: number[] = [];
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, rssMiB(s.child.pid!));
      const t = performance.now();
      // One retry: a kept-alive socket that an upload's early 413 closed fails the request
      // at once; that is the client's pool, not the server's answer time.
      const get = () => fetch(`${s.url}/health`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.arrayBuffer());
      try {
        await get().catch(get);
        times.push(performance.now() - t);
      } catch {
        times.push(10_000);
      }
      await sleep(20);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { times, peak };
    },
  };
}

/** Time from the end of an attack until three /health answers in a row take < 50 ms. */
async function recovery(s: Server): Promise<number | null> {
  const t0 = performance.now();
  let ok = 0;
  while (performance.now() - t0 < 10_000) {
    const t = performance.now();
    await fetch(`${s.url}/health`).then((r) => r.arrayBuffer());
    ok = performance.now() - t < 50 ? ok + 1 : 0;
    if (ok === 3) return round(performance.now() - t0, 0);
    await sleep(10);
  }
  return null;
}

/** Runs of each WebSocket flood (VERACALL_ABUSE_RUNS, default 3): the row reports the worst and lists all. */
const FLOOD_RUNS = Math.max(1, Number(process.env.VERACALL_ABUSE_RUNS ?? 3));

/** VERACALL_ABUSE_ONLY=flood (a substring of scenario names) runs only those. */
const ONLY = process.env.VERACALL_ABUSE_ONLY?.toLowerCase();

/** Runs `attack` `runs` times while timing /health; the row holds the worst run's figures and every run's. */
async function measure(s: Server, scenario: string, attack: () => Promise<string>, runs = 1): Promise<AbuseRow | undefined> {
  if (ONLY && !scenario.toLowerCase().includes(ONLY)) return undefined;
  const load = round(loadavg()[0]!, 2);
  const each: { peak: number; p50: number; p99: number; max: number; rec: number | null; notes: string }[] = [];
  for (let r = 0; r < runs; r++) {
    const p = probe(s);
    const notes = await attack().catch((err: unknown) => `attack failed: ${err instanceof Error ? err.message : String(err)}`);
    if (s.child.exitCode !== null) throw new Error(`the companion died during "${scenario}" (exit ${s.child.exitCode})`);
    const { times, peak } = await p.stop();
    const rec = await recovery(s);
    each.push({ peak, p50: quantile(times, 0.5), p99: quantile(times, 0.99), max: Math.max(...times), rec, notes });
  }
  const worst = (f: (e: (typeof each)[number]) => number) => Math.max(...each.map(f));
  const recs = each.map((e) => e.rec);
  const recoveryMs = recs.includes(null) ? null : Math.max(...(recs as number[]));
  const row: AbuseRow = {
    scenario,
    peakRssMiB: round(worst((e) => e.peak), 0),
    healthP50Ms: round(worst((e) => e.p50), 1),
    healthP99Ms: round(worst((e) => e.p99), 1),
    healthMaxMs: round(worst((e) => e.max), 1),
    recoveryMs,
    notes: each.at(-1)!.notes,
    load,
    pass: {
      rss: worst((e) => e.peak) <= ABUSE_TARGETS.peakRssMiB,
      p99: worst((e) => e.p99) <= ABUSE_TARGETS.healthP99Ms,
      recovery: recoveryMs !== null && recoveryMs <= ABUSE_TARGETS.recoveryMs,
    },
  };
  if (runs > 1) row.runs = { peakRssMiB: each.map((e) => round(e.peak, 0)), healthP99Ms: each.map((e) => round(e.p99, 1)), recoveryMs: recs };
  return row;
}

/** Status of one upload; a connection error (a kept-alive socket the server closed) is retried once, then reported. */
async function upload(s: Server, name: string, data: Buffer): Promise<number | string> {
  const body = multipart([{ filename: name, data }]);
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${s.url}/v1/analyze`, { method: 'POST', headers: { authorization: `Bearer ${s.token}`, ...body.headers }, body: new Uint8Array(body.payload) });
      await res.arrayBuffer();
      return res.status;
    } catch (err) {
      if (attempt >= 1) return `failed (${String((err as { cause?: unknown }).cause ?? err)})`;
    }
  }
}

function pairedSocket(s: Pick<Server, 'url' | 'token'>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(s.url.replace(/^http/, 'ws') + WS_PATH);
    ws.on('open', () => ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'hello', token: s.token })));
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { type: string };
      if (m.type === 'ready') resolve(ws);
    });
    ws.on('error', reject);
    ws.on('close', (c) => reject(new Error(`closed ${c}`)));
  });
}

/** `connections` × 8 streams, each sending near-cap JSON audio frames as fast as the socket drains, for `seconds`. */
export async function wsFlood(s: Pick<Server, 'url' | 'token'>, connections: number, seconds: number): Promise<string> {
  const frame = speechLike(4, MODEL_SAMPLE_RATE, 0.5); // ≈ 171 KB as base64 JSON, under the 192 KB cap
  const pcm = int16ToBase64(floatToInt16(frame));
  // Paired in groups of 8: more sockets waiting for hello at once than the unpaired cap (16)
  // would have the oldest closed, which is the unpaired-socket defence, not this scenario.
  const sockets: WebSocket[] = [];
  while (sockets.length < connections) sockets.push(...(await Promise.all(Array.from({ length: Math.min(8, connections - sockets.length) }, () => pairedSocket(s)))));
  let sent = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    sockets.map(async (ws, c) => {
      for (let i = 0; i < 8; i++) ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'stream.start', streamId: `c${c}s${i}` }));
      let seq = 0;
      while (performance.now() < end) {
        if (ws.bufferedAmount < 4 * 2 ** 20) {
          for (let i = 0; i < 8; i++) ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'audio', streamId: `c${c}s${i}`, seq, sampleRate: MODEL_SAMPLE_RATE, pcm }));
          seq++;
          sent += 8;
        }
        await sleep(5);
      }
    }),
  );
  sockets.forEach((ws) => ws.terminate());
  return `${connections} connections × 8 streams, ${sent} frames of ${Math.round(pcm.length / 1024)} KB sent in ${seconds} s`;
}

/** wsFlood in a child process (bench/abuse-flood-child.ts): this process only times /health. */
async function floodFromChild(s: Server, connections: number, seconds: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'abuse-flood-child.ts'), s.url, s.token, String(connections), String(seconds)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(err.trim().split('\n').at(-1) ?? `flood exited ${code}`);
  return `${out.trim()} (from a separate process)`;
}

export default async function companionAbuse(log: (s: string) => void = () => {}): Promise<AbuseRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'veracall-abuse-'));
  const bm = benchModels();
  const s = await startCompanion(bm.dir, join(work, 'config'), bm.fixture);
  const all: (AbuseRow | undefined)[] = [];
  const rows = { push: (r: AbuseRow | undefined) => all.push(r) };
  try {
    log('abuse: idle');
    rows.push(await measure(s, 'idle', async () => (await sleep(2000), 'no load')));
    log('abuse: normal upload');
    const clip = encodeWav([speechLike(20, MODEL_SAMPLE_RATE, 0.5)], MODEL_SAMPLE_RATE);
    rows.push(await measure(s, 'normal 20 s WAV upload', async () => `status ${await upload(s, 'a.wav', clip)}`));
    const bombs = FFMPEG && (!ONLY || 'bomb'.includes(ONLY) || ONLY.includes('bomb')) ? [...ffmpegBombs(work), ...[aacHiddenLength(work, 300, '7.1', 96000)].filter((b) => b !== undefined)] : [];
    for (const b of bombs) {
      log(`abuse: ${b.name}`);
      rows.push(
        await measure(s, `${b.name} (${Math.round(b.bytes.length / 1024)} KB) ×2 at once`, async () => {
          const t = performance.now();
          const codes = await Promise.all([upload(s, 'bomb', b.bytes), upload(s, 'bomb', b.bytes)]);
          return `statuses ${codes.join(', ')} in ${Math.round(performance.now() - t)} ms`;
        }),
      );
    }
    for (const n of [8, 32]) {
      log(`abuse: ws flood ×${n}`);
      rows.push(await measure(s, `WebSocket flood, ${n} connections`, () => floodFromChild(s, n, 5), FLOOD_RUNS));
    }
    log('abuse: unpaired sockets');
    rows.push(
      await measure(s, '64 sockets that never say hello, then the extension', async () => {
        const idle = Array.from({ length: 64 }, () => new WebSocket(s.url.replace(/^http/, 'ws') + WS_PATH).on('error', () => {}));
        await sleep(500);
        const ok = await pairedSocket(s).then((ws) => (ws.close(), 'paired client accepted'), (e: Error) => `paired client refused: ${e.message}`);
        idle.forEach((w) => w.terminate());
        return ok;
      }),
    );
  } finally {
    s.child.kill('SIGTERM');
    await new Promise((r) => s.child.once('exit', r));
    rmSync(work, { recursive: true, force: true });
  }
  return all.filter((r): r is AbuseRow => r !== undefined);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const uptime = machineUptime();
  companionAbuse((l) => process.stderr.write(`${l}\n`)).then(
    (rows) => {
      process.stdout.write(writeAbuseResults(rows, uptime));
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`abuse bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
