import { useState } from 'react';
import { useSettings } from '../stores/settings';
import { testCompanion, type CompanionTestResult } from '../ui/messages';

function urlProblem(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'ws:' || u.protocol === 'wss:' ? null : 'The address should start with ws:// or wss://.';
  } catch {
    return 'Not a valid address, e.g. ws://127.0.0.1:8765';
  }
}

type TestState = { phase: 'idle' } | { phase: 'testing' } | { phase: 'done'; result: CompanionTestResult };

function statusText(t: TestState): string {
  if (t.phase === 'idle') return '';
  if (t.phase === 'testing') return 'Connecting…';
  const r = t.result;
  if (!r.ok) return `Failed: ${r.error ?? 'no answer'}`;
  return `Connected${r.engine ? ` — ${r.engine}` : ''}${r.models?.length ? `; models: ${r.models.join(', ')}` : ''}`;
}

/** Pairing with the companion server, which scores with the large model on this machine. */
export function CompanionSection() {
  const companion = useSettings((s) => s.settings.companion);
  const update = useSettings((s) => s.update);
  const [test, setTest] = useState<TestState>({ phase: 'idle' });
  const problem = urlProblem(companion.url);

  const runTest = async () => {
    setTest({ phase: 'testing' });
    setTest({ phase: 'done', result: await testCompanion(companion.url, companion.token) });
  };

  return (
    <fieldset>
      <legend>Companion app</legend>
      <label className="choice">
        <input type="checkbox" data-testid="companion-enabled" checked={companion.enabled} onChange={(e) => void update({ companion: { enabled: e.currentTarget.checked } })} />
        Use the companion app when it is running (larger, more accurate model)
      </label>
      <div className="field">
        <label htmlFor="companion-url">Address</label>
        <input id="companion-url" data-testid="companion-url" type="url" spellCheck={false} value={companion.url} aria-invalid={problem !== null} aria-describedby="companion-url-hint" onChange={(e) => void update({ companion: { url: e.currentTarget.value.trim() } })} />
        <span />
        <span id="companion-url-hint" className={problem ? 'error small' : 'muted small'}>
          {problem ?? 'Shown by the companion app when it starts.'}
        </span>
        <label htmlFor="companion-token">Pairing token</label>
        <input id="companion-token" data-testid="companion-token" type="password" autoComplete="off" spellCheck={false} value={companion.token} onChange={(e) => void update({ companion: { token: e.currentTarget.value.trim() } })} />
      </div>
      <div className="row">
        <button type="button" data-testid="companion-test" disabled={test.phase === 'testing' || problem !== null} onClick={() => void runTest()}>
          Test connection
        </button>
        <span
          data-testid="companion-status"
          data-ok={test.phase === 'done' ? String(test.result.ok) : ''}
          role="status"
          className={test.phase === 'done' && !test.result.ok ? 'error' : test.phase === 'done' ? 'state-human' : 'muted'}
        >
          {statusText(test)}
        </span>
      </div>
    </fieldset>
  );
}
