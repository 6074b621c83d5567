import { browser } from 'wxt/browser';
import type { Site } from '../sites/site';
import { messenger as m } from '../messaging';
import { Overlay } from '../overlay/overlay';
import { ADAPTERS } from '../sites';
import type { Settings } from '../settings/schema';
import { loadSettings, watchSettings } from '../settings/storage';
import { createLogger, setDebug } from '../logger';
import { offerBridge } from './bridge';
import { fromPageSchema } from './bridge-schema';
import { CaptureSession } from './capture-session';

const log = createLogger('capture');

/**
 * Isolated content script (document_start): receives remote-audio taps from the MAIN-world
 * script over a private port, streams 16 kHz audio to the offscreen document, shows the
 * overlay, and attributes streams to participants from the site's DOM. Settings changes
 * apply to the open page at once (capture-session.ts).
 */
export function startContentCapture(site: Site): void {
  const ports: MessagePort[] = [];
  const init = (p: MessagePort) => p.postMessage({ kind: 'init', workletUrl: browser.runtime.getURL('/veracall-worklet.js'), tapWebAudio: site === 'zoom' });
  const session = new CaptureSession(site, ADAPTERS[site], new Overlay(document), {
    start: (streamId, label) => m.sendToEngine('stream.start', { streamId, site, label }),
    audio: (streamId, seq, pcm) => m.notify('stream.audio', { streamId, seq, pcm }),
    end: (streamId) => m.notify('stream.end', { streamId }),
    label: (streamId, label) => m.notify('stream.label', { streamId, label }),
    initPage: () => ports.forEach(init),
    warn: (msg, e) => log.warn(msg, e),
  });
  const apply = (s: Settings) => {
    setDebug(s.debug);
    session.apply(s);
  };

  m.onMessage('stream.update', (u) => session.update(u));

  offerBridge(window, (port) => {
    ports.push(port);
    port.onmessage = (e) => {
      const msg = fromPageSchema.safeParse(e.data);
      if (!msg.success) return;
      const d = msg.data;
      if (d.kind === 'track' && e.ports[0]) session.track(d.id, d.sampleRate, d.origin, e.ports[0], d.trackId);
      else if (d.kind === 'ended') session.ended(d.id);
      else if (d.kind === 'sources') session.sources(d.id, d.count);
    };
    // A port offered after the taps were started (the MAIN world said hello late) gets init too.
    if (session.pageStarted) init(port);
  });

  // A change seen before the first read finished is newer than what that read returns.
  let changed = false;
  void loadSettings().then((s) => changed || apply(s));
  watchSettings((s) => {
    changed = true;
    apply(s);
  });

  setInterval(() => {
    if (document.body) session.attribute(document);
  }, 1000);

  window.addEventListener('pagehide', () => session.endAll());
}
