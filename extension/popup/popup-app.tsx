import browser from 'webextension-polyfill';
import { CallStatusPanel } from './call-status-panel';
import { FileAnalysis } from './file-analysis';

// The same page opened in a tab (`?tab`): Firefox closes a popup when its file dialog opens.
const inTab = new URLSearchParams(location.search).has('tab');

function openPage(path: string) {
  if (path === 'options') void browser.runtime.openOptionsPage();
  else void browser.tabs.create({ url: browser.runtime.getURL(path) });
  if (!inTab) window.close();
}

export function PopupApp() {
  return (
    <main className="popup stack">
      <header>
        <h1>Veracall</h1>
        <span className="muted small">voices checked on this device</span>
      </header>
      {!inTab && <CallStatusPanel />}
      <FileAnalysis />
      <footer className="small">
        <button type="button" className="link" onClick={() => openPage('options')}>
          Settings
        </button>
        <button type="button" className="link" onClick={() => openPage('/options.html#history')}>
          Verdict log
        </button>
        {!inTab && (
          <button type="button" className="link" onClick={() => openPage('/popup.html?tab')}>
            Open in a tab
          </button>
        )}
      </footer>
    </main>
  );
}
