import { useEffect, useState } from 'react';
import browser from 'webextension-polyfill';
import { createCallStatusStore, useCallStatus } from '../stores/call-status';
import { useSettings } from '../stores/settings';
import { chanceText, SITE_NAMES, stateText } from '../ui/format';
import { requestCallStatus } from '../ui/messages';

async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

// One store per popup: the popup is a page that lives only while it is open.
const callStatus = createCallStatusStore(async () => requestCallStatus(await activeTabId()));

/** Live verdicts for the streams of the call in the current tab. */
export function CallStatusPanel() {
  useEffect(() => callStatus.start(1000), []);
  const { status, loaded, error } = useCallStatus(callStatus.store, (s) => s);
  const sites = useSettings((s) => s.settings.sites);
  const [now, setNow] = useState(Date.now());
  useEffect(() => setNow(Date.now()), [status]);

  let body: React.ReactNode;
  if (!loaded) body = <span className="muted">Checking this tab…</span>;
  else if (error) body = <span className="error">{error}</span>;
  else if (!status?.site) body = <span className="muted">No call in this tab. Veracall listens in Google Meet, Zoom and Teams calls.</span>;
  else if (!sites[status.site]) body = <span>Detection is off for {SITE_NAMES[status.site]} (see Settings).</span>;
  else {
    body = (
      <>
        <strong>{SITE_NAMES[status.site]}</strong>
        {status.streams.length === 0 ? (
          <div className="muted small">Waiting for remote voices…</div>
        ) : (
          <ul className="streams" aria-label="Voices in this call">
            {status.streams.map((s) => (
              <li key={s.streamId} data-stream={s.streamId} data-state={s.state}>
                <span>{s.label ?? `Voice ${s.streamId}`}</span>
                <span className={`state-${s.state}`} title={s.engine ? `Engine: ${s.engine}` : undefined}>
                  {stateText(s.state)}
                  {s.pSpoof !== null && s.state !== 'listening' && <span className="small muted"> · {chanceText(s.pSpoof)}</span>}
                </span>
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }

  return (
    <section className="panel" data-testid="call-status" data-site={status?.site ?? ''} data-updated={now} aria-live="polite" aria-label="Call status">
      {body}
      {status?.problem && <div className="error small">{status.problem}</div>}
    </section>
  );
}
