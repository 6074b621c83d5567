import type { CapacityStep } from './ws-capacity';
import type { LatencyRow, ThroughputRow } from './inference';

export interface BenchResults {
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; platform: string; onnxruntime: string; loadAverage: { start: number; end: number } };
  modelsFixture: boolean;
  latency: LatencyRow[];
  fileAnalysis: ThroughputRow[];
  websocket: { model: string; steps: CapacityStep[]; sustainedStreams: number; latencyBudgetMs: number; stepSeconds: number; rampMax: number }[];
  extension: Record<string, number | string> | { error: string } | null;
  peakRssMiB: { bench: number; ortWebChildren: number };
  notes: string[];
}

const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export function renderMarkdown(r: BenchResults): string {
  const parts = [
    `# Veracall benchmark — ${r.date}`,
    '',
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB; Node ${r.machine.node}, ${r.machine.platform}; onnxruntime ${r.machine.onnxruntime}. ` +
      `1-minute load average ${r.machine.loadAverage.start} at the start, ${r.machine.loadAverage.end} at the end (other engineers' jobs share the cores).`,
    r.modelsFixture ? '\n**No shipped models in models/: figures are for the TEST FIXTURE (a 5-node graph), not a detector.**\n' : '',
    '## Per-window inference (batch 1)',
    '',
    'RTF = median inference time per window ÷ audio time between windows (the hop); below 1 keeps up with one live stream.',
    '',
    table(
      ['model', 'runtime', 'window s', 'median ms', 'p95 ms', 'RTF', 'reps'],
      r.latency.map((l) => [l.model, l.runtime, l.windowS, l.error ? `error: ${l.error}` : l.medianMs, l.p95Ms, l.rtf, l.reps]),
    ),
    '',
    '## File analysis (60 s generated signal through analyzeSignal, onnxruntime-node)',
    '',
    table(
      ['model', 'audio s', 'elapsed s', '× real time', 'windows scored'],
      r.fileAnalysis.map((f) => [f.model, f.audioS, f.elapsedS, f.xRealTime, f.windowsScored]),
    ),
    '',
    `## Live WebSocket streams (real server on 127.0.0.1, real ws client, ${r.websocket[0]?.stepSeconds ?? '?'} s of real-time audio per step)`,
    '',
    `Sustained = most concurrent streams with client-side p95 window latency < ${r.websocket[0]?.latencyBudgetMs ?? 300} ms, no dropped windows.`,
    '',
    table(
      ['model', 'streams', 'connections', 'scores', 'dropped', 'p50 ms', 'p95 ms', 'ok'],
      r.websocket.flatMap((w) => w.steps.map((s) => [w.model, s.streams, s.connections, s.scores, s.dropped, s.p50Ms, s.p95Ms, s.ok ? 'yes' : 'no'])),
    ),
    '',
    ...r.websocket.map(
      (w) =>
        `- **${w.model}: ${w.sustainedStreams >= w.rampMax ? `at least ${w.sustainedStreams} (the ramp's limit)` : w.sustainedStreams} concurrent real-time streams sustained.**`,
    ),
    '',
    '## Extension (headless Chromium, bench/extension.ts)',
    '',
    r.extension === null
      ? 'bench/extension.ts not present.'
      : 'error' in r.extension
        ? `Failed: ${r.extension.error}`
        : table(['measure', 'value'], Object.entries(r.extension).map(([k, v]) => [k, v])),
    '',
    `Peak RSS: bench process ${r.peakRssMiB.bench} MiB (includes the companion server), onnxruntime-web child processes ${r.peakRssMiB.ortWebChildren} MiB.`,
    '',
    ...r.notes.map((n) => `- ${n}`),
    '',
  ];
  return parts.join('\n');
}
