import { storage } from '@wxt-dev/storage';
import { loadSettings } from '../settings/storage';
import { matches, parseEntries, type VerdictEntry, type VerdictFilter, type VerdictInput } from './entry';
import { toCsv, toJson } from './export';

/**
 * The local verdict log: which stream of which call got which verdict, with its score and
 * engine. Never audio, never transcripts. Lives in extension `local` storage, bounded by
 * `MAX_ENTRIES` and by the retention in settings (`historyRetentionDays`, 0 = keep nothing).
 */
export const MAX_ENTRIES = 2000;
const DAY_MS = 86_400_000;

export const verdictLogItem = storage.defineItem<unknown[]>('local:verdictLog', { fallback: [] });

// Appends from one context are serialised so concurrent streams do not lose each other's rows.
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

async function read(): Promise<VerdictEntry[]> {
  return parseEntries(await verdictLogItem.getValue());
}

function withinRetention(entries: VerdictEntry[], retentionDays: number, now: number): VerdictEntry[] {
  if (retentionDays <= 0) return [];
  const cutoff = now - retentionDays * DAY_MS;
  return entries.filter((e) => e.lastT >= cutoff);
}

function lastIndexOfStream(entries: VerdictEntry[], e: VerdictEntry): number {
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i]!.callId === e.callId && entries[i]!.streamId === e.streamId) return i;
  }
  return -1;
}

/**
 * Records a stream's state. `listening` is not a verdict and is skipped; an update with the
 * same state as the stream's latest row refreshes that row instead of adding one, so the
 * log holds one row per verdict change however often the background reports.
 * Returns whether anything was stored.
 */
export function appendVerdict(input: VerdictInput): Promise<boolean> {
  return serial(async () => {
    if (input.state === 'listening') return false;
    const { historyRetentionDays } = await loadSettings();
    if (historyRetentionDays <= 0) {
      if ((await read()).length > 0) await verdictLogItem.setValue([]);
      return false;
    }
    const entry = parseEntries([{ ...input, lastT: input.t }])[0];
    if (!entry) return false;
    const entries = withinRetention(await read(), historyRetentionDays, Date.now());
    const lastIdx = lastIndexOfStream(entries, entry);
    const last = lastIdx >= 0 ? entries[lastIdx] : undefined;
    if (last && last.state === entry.state) {
      entries[lastIdx] = { ...last, lastT: Math.max(last.lastT, entry.t), pSpoof: entry.pSpoof, engine: entry.engine, label: entry.label ?? last.label };
    } else {
      entries.push(entry);
    }
    await verdictLogItem.setValue(entries.slice(-MAX_ENTRIES));
    return true;
  });
}

/** Entries matching the filter, newest first. */
export async function listVerdicts(filter: VerdictFilter = {}): Promise<VerdictEntry[]> {
  const out = (await read()).filter((e) => matches(e, filter)).reverse();
  return filter.limit !== undefined ? out.slice(0, Math.max(0, filter.limit)) : out;
}

export function clearVerdicts(): Promise<void> {
  return serial(() => verdictLogItem.setValue([]));
}

/** Drops entries older than the retention; returns how many were removed. */
export function pruneVerdicts(retentionDays: number, now = Date.now()): Promise<number> {
  return serial(async () => {
    const entries = await read();
    const kept = withinRetention(entries, retentionDays, now);
    if (kept.length !== entries.length) await verdictLogItem.setValue(kept);
    return entries.length - kept.length;
  });
}

/** The whole log, oldest first, as a JSON document or a CSV table. */
export async function exportVerdicts(format: 'json' | 'csv'): Promise<string> {
  const entries = await read();
  return format === 'csv' ? toCsv(entries) : toJson(entries);
}

/** Calls back with the validated log (oldest first) whenever it changes in any context. */
export function watchVerdicts(cb: (entries: VerdictEntry[]) => void): () => void {
  return verdictLogItem.watch((v) => cb(parseEntries(v)));
}

export type { VerdictEntry, VerdictFilter, VerdictInput } from './entry';
