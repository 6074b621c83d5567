import type { VerdictEntry } from './entry';

export const CSV_COLUMNS = ['time', 'last_update', 'call_id', 'site', 'stream_id', 'label', 'state', 'p_spoof', 'engine'] as const;

/**
 * RFC 4180 field: quoted when it holds a comma, quote or line break. Labels come from web
 * pages (participant names), so a leading = + - @ is defused against spreadsheet formulas.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(entries: readonly VerdictEntry[]): string {
  const rows = entries.map((e) =>
    [
      new Date(e.t).toISOString(),
      new Date(e.lastT).toISOString(),
      e.callId,
      e.site,
      e.streamId,
      e.label,
      e.state,
      e.pSpoof === null ? null : Number(e.pSpoof.toFixed(4)),
      e.engine,
    ]
      .map(csvField)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

export function toJson(entries: readonly VerdictEntry[]): string {
  return JSON.stringify({ format: 'veracall-verdict-log', version: 1, entries }, null, 2);
}
