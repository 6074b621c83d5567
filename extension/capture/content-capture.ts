import { browser } from 'wxt/browser';
import type { Site } from '../../shared/protocol/extension';
import { messenger as m } from '../messaging';
import { Overlay } from '../overlay/overlay';
import { ADAPTERS } from '../sites';
import { loadSettings } from '../settings/storage';
import { createLogger, setDebug } from '../logger';
import { attribute } from './attribution';
import { offerBridge } from './bridge';
import { fromPageSchema } from './bridge-schema';
import { StreamUplink } from './stream-uplink';

const log = createLogger('capture');

/**
 * Isolated content script (document_start): receives remote-audio taps from the MAIN-world
 * script over a private port, streams 16 kHz audio to the offscreen document, shows the
 * overlay, and attributes streams to participants from the site's DOM.
 */
export function startContentCapture(site: Site): void {
  const enabled = loadSettings().then((s) => {
    setDebug(s.debug);
    return s.sites[site] ? s : null;
  });
  const overlay = new Overlay(document);
  const adapter = ADAPTERS[site];
  const uplinks = new Map<string, StreamUplink & { label?: string }>();
  let count = 0;

  m.onMessage('stream.update', (u) => {
    void enabled.then((s) => s?.showOverlay && overlay.update(u));
  });

  function onTrack(id: number, rate: number, origin: 'webrtc' | 'webaudio', workletPort: MessagePort): void {
    const streamId = `${site}.${Math.random().toString(36).slice(2, 8)}.${id}`;
    const label = origin === 'webaudio' ? 'Call audio (Web Audio)' : `Remote audio ${++count}`;
    const up = new StreamUplink(streamId, rate, (seq, pcm) => m.notify('stream.audio', { streamId, seq, pcm }));
    uplinks.set(`${id}`, up);
    void enabled.then((s) => s?.showOverlay && overlay.addStream(streamId, label));
    workletPort.onmessage = (e) => {
      if (e.data instanceof Float32Array) up.push(e.data);
    };
    m.sendMessage('stream.start', { streamId, site, label })
      .then((r) => up.accept(r.ok))
      .catch((e: unknown) => {
        log.warn('stream.start failed', e);
        up.accept(false);
      });
  }

  function onEnded(id: number): void {
    const up = uplinks.get(`${id}`);
    if (!up) return;
    uplinks.delete(`${id}`);
    up.close();
    overlay.removeStream(up.streamId);
    m.notify('stream.end', { streamId: up.streamId });
  }

  offerBridge(window, (port) => {
    port.onmessage = (e) => {
      const msg = fromPageSchema.safeParse(e.data);
      if (!msg.success) return;
      const d = msg.data;
      if (d.kind === 'track' && e.ports[0]) onTrack(d.id, d.sampleRate, d.origin, e.ports[0]);
      else if (d.kind === 'ended') onEnded(d.id);
      else if (d.kind === 'sources') {
        const up = uplinks.get(`${d.id}`);
        if (up) overlay.setSources(up.streamId, d.count);
      }
    };
    void enabled.then((s) => {
      if (s) port.postMessage({ kind: 'init', workletUrl: browser.runtime.getURL('/veracall-worklet.js'), tapWebAudio: site === 'zoom' });
    });
  });

  setInterval(() => {
    if (!uplinks.size || !document.body) return;
    const list = [...uplinks.values()].map((u) => ({ id: u.streamId, active: u.active, label: u.label }));
    for (const [streamId, label] of attribute(adapter, document, list)) {
      const up = [...uplinks.values()].find((u) => u.streamId === streamId);
      if (up) up.label = label;
      overlay.setLabel(streamId, label);
      m.notify('stream.label', { streamId, label });
    }
  }, 1000);

  window.addEventListener('pagehide', () => {
    for (const id of [...uplinks.keys()]) onEnded(Number(id));
  });
}
