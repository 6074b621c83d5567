import browser from 'webextension-polyfill';
import { CallStatusPanel } from './call-status-panel';
import { FileAnalysis } from './file-analysis';

function openOptions(hash = '') {
  if (!hash) void browser.runtime.openOptionsPage();
  else void browser.tabs.create({ url: browser.runtime.getURL(`/options.html${hash}`) });
  window.close();
}

export function PopupApp() {
  return (
    <main className="popup stack">
      <header>
        <h1>Veracall</h1>
        <span className="muted small">voices checked on this device</span>
      </header>
      <CallStatusPanel />
      <FileAnalysis />
      <footer className="small">
        <button type="button" className="link" onClick={() => openOptions()}>
          Settings
        </button>
        <button type="button" className="link" onClick={() => openOptions('#history')}>
          Verdict log
        </button>
      </footer>
    </main>
  );
}
