import type { VerdictEntry } from '../history/log';
import { percentText, SITE_NAMES, stateText, timeText } from '../ui/format';

/** Rows shown at once; the export holds everything. */
export const TABLE_LIMIT = 500;

export function HistoryTable({ entries }: { entries: readonly VerdictEntry[] }) {
  const shown = entries.slice(0, TABLE_LIMIT);
  return (
    <div className="table-wrap">
      <table data-testid="history-table" data-count={entries.length}>
        <caption className="sr-only">Verdicts, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Site</th>
            <th scope="col">Voice</th>
            <th scope="col">Verdict</th>
            <th scope="col">Chance of synthesis</th>
            <th scope="col">Engine</th>
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No verdicts yet.
              </td>
            </tr>
          )}
          {shown.map((e) => (
            <tr key={`${e.callId}|${e.streamId}|${e.t}`} data-state={e.state}>
              <td title={e.lastT !== e.t ? `until ${timeText(e.lastT)}` : undefined}>{timeText(e.t)}</td>
              <td>{SITE_NAMES[e.site]}</td>
              <td title={`call ${e.callId}, stream ${e.streamId}`}>{e.label ?? e.streamId}</td>
              <td className={`state-${e.state}`}>{stateText(e.state)}</td>
              <td className="num">{percentText(e.pSpoof)}</td>
              <td>{e.engine}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length > shown.length && <p className="muted small">Showing the latest {TABLE_LIMIT} of {entries.length}; export to see all.</p>}
    </div>
  );
}
