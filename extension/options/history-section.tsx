import { useEffect, useState } from 'react';
import { pruneVerdicts } from '../history/log';
import { useHistory } from '../stores/history';
import { useSettings } from '../stores/settings';
import { downloadText, stampedName } from '../ui/download';
import { HistoryTable } from './history-table';

function RetentionField() {
  const days = useSettings((s) => s.settings.historyRetentionDays);
  const update = useSettings((s) => s.update);
  // A draft so the field can be empty or mid-edit without storing an invalid value.
  const [draft, setDraft] = useState(String(days));
  useEffect(() => setDraft(String(days)), [days]);
  const valid = /^\d{1,3}$/.test(draft) && Number(draft) <= 365;

  const onChange = async (value: string) => {
    setDraft(value);
    if (!/^\d{1,3}$/.test(value) || Number(value) > 365) return;
    const n = Number(value);
    await update({ historyRetentionDays: n });
    await pruneVerdicts(n);
  };

  return (
    <div className="row">
      <label htmlFor="retention-days">Keep verdicts for</label>
      <input id="retention-days" data-testid="retention-days" type="number" min={0} max={365} step={1} style={{ width: 80 }} value={draft} aria-invalid={!valid} aria-describedby="retention-hint" onChange={(e) => void onChange(e.currentTarget.value)} />
      <span>days</span>
      <span id="retention-hint" className={valid ? 'muted small' : 'error small'}>
        {valid ? (Number(draft) === 0 ? 'Nothing is logged.' : 'Older entries are deleted.') : 'Enter 0 to 365.'}
      </span>
    </div>
  );
}

/** The local verdict log: what was flagged, when, with which engine. Never audio. */
export function HistorySection() {
  const entries = useHistory((s) => s.entries);
  const exportAs = useHistory((s) => s.exportAs);
  const clear = useHistory((s) => s.clear);

  const save = async (format: 'json' | 'csv') => {
    const text = await exportAs(format);
    downloadText(text, stampedName('veracall-verdicts', format), format === 'csv' ? 'text/csv' : 'application/json');
  };

  return (
    <section id="history" className="stack" aria-labelledby="history-heading">
      <h2 id="history-heading">Verdict log</h2>
      <p className="muted small" data-testid="history-scope">
        Kept only on this computer. It records live calls’ verdicts and chances of synthesis, never audio. Files checked in the popup are not logged.
      </p>
      <RetentionField />
      <HistoryTable entries={entries} />
      <div className="row">
        <button type="button" data-testid="history-export-json" onClick={() => void save('json')}>
          Export JSON
        </button>
        <button type="button" data-testid="history-export-csv" onClick={() => void save('csv')}>
          Export CSV
        </button>
        <button type="button" data-testid="history-clear" disabled={entries.length === 0} onClick={() => void clear()}>
          Clear log
        </button>
      </div>
    </section>
  );
}
