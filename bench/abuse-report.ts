/**
 * The abuse bench's figures: its targets, one row per scenario, pass/fail, and the
 * results files (bench/results/abuse.{json,md}) with the machine's load beside them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The issue's targets: server RSS for any upload or flood, /health p99 under attack, recovery after it. */
export const ABUSE_TARGETS = { peakRssMiB: 600, healthP99Ms: 250, recoveryMs: 2000 } as const;

/** One scenario: figures of its worst run (targets are judged on them), and each run's where there were several. */
export interface AbuseRow {
  scenario: string;
  peakRssMiB: number;
  healthP50Ms: number;
  healthP99Ms: number;
  healthMaxMs: number;
  /** null: /health was not back under 50 ms within 10 s. */
  recoveryMs: number | null;
  notes: string;
  /** 1-minute load average of the machine when the scenario started. */
  load: number;
  runs?: { peakRssMiB: number[]; healthP99Ms: number[]; recoveryMs: (number | null)[] };
  pass: { rss: boolean; p99: boolean; recovery: boolean };
}

const spread = (xs: readonly (number | null)[]) => {
  if (xs.includes(null)) return `${xs.map((x) => x ?? '>10000').join(', ')}`;
  const v = xs as number[];
  return `min ${Math.min(...v)}, median ${median(v)}, max ${Math.max(...v)}`;
};
const mark = (ok: boolean) => (ok ? 'pass' : 'FAIL');

/** Pass/fail of every target over all rows (what `npm run bench` prints). */
export function abuseSummary(rows: AbuseRow[]): string {
  const checks = rows.flatMap((r) => Object.values(r.pass));
  const failed = rows.filter((r) => !r.pass.rss || !r.pass.p99 || !r.pass.recovery).map((r) => r.scenario);
  return `abuse targets: ${checks.filter(Boolean).length}/${checks.length} pass${failed.length ? `; failing: ${failed.join('; ')}` : ''}`;
}

export function abuseMarkdown(rows: AbuseRow[], meta: { date: string; uptime?: string } = { date: new Date().toISOString() }): string {
  const t = ABUSE_TARGETS;
  const head =
    '| scenario | load (1 min) | server peak RSS (MiB) | /health p50 (ms) | p99 (ms) | max (ms) | recovery (ms) | RSS ≤ 600 | p99 ≤ 250 | recovery ≤ 2000 | notes |\n' +
    '|---|---|---|---|---|---|---|---|---|---|---|\n';
  const runs = rows.filter((r) => r.runs);
  return (
    `## Companion under abuse\n\nTargets: RSS ≤ ${t.peakRssMiB} MiB, /health p99 ≤ ${t.healthP99Ms} ms during the attack, recovery ≤ ${t.recoveryMs} ms ` +
    '(three /health answers in a row under 50 ms). A row with several runs shows its worst run; targets are judged on it.\n\n' +
    `Measured ${meta.date}${meta.uptime ? `; \`uptime\` at the start: ${meta.uptime}` : ''}. ${abuseSummary(rows)}.\n\n` +
    head +
    rows
      .map(
        (r) =>
          `| ${r.scenario} | ${r.load} | ${r.peakRssMiB} | ${r.healthP50Ms} | ${r.healthP99Ms} | ${r.healthMaxMs} | ${r.recoveryMs ?? 'not within 10 s'} | ${mark(r.pass.rss)} | ${mark(r.pass.p99)} | ${mark(r.pass.recovery)} | ${r.notes} |`,
      )
      .join('\n') +
    '\n' +
    (runs.length
      ? `\n### Runs\n\n| scenario | runs | peak RSS (MiB) | /health p99 (ms) | recovery (ms) |\n|---|---|---|---|---|\n` +
        runs.map((r) => `| ${r.scenario} | ${r.runs!.healthP99Ms.length} | ${spread(r.runs!.peakRssMiB)} | ${spread(r.runs!.healthP99Ms)} | ${spread(r.runs!.recoveryMs)} |`).join('\n') +
        '\n'
      : '')
  );
}

export function writeAbuseResults(rows: AbuseRow[], uptime?: string): string {
  const out = join(HERE, 'results');
  mkdirSync(out, { recursive: true });
  const date = new Date().toISOString();
  writeFileSync(join(out, 'abuse.json'), JSON.stringify({ date, uptime, targets: ABUSE_TARGETS, rows }, null, 2) + '\n');
  const md = abuseMarkdown(rows, { date, uptime });
  writeFileSync(join(out, 'abuse.md'), md);
  return md;
}

/** `uptime`'s line (load averages), for the record of what else the machine was doing. */
export function machineUptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${loadavg().map((x) => x.toFixed(2)).join(', ')}`;
  }
}
