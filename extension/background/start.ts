import { browser } from 'wxt/browser';
import { appendVerdict } from '../history/log';
import { messenger as m } from '../messaging';
import type { EngineStatus } from '../messaging/protocol';
import { loadSettings, watchSettings } from '../settings/storage';
import { createLogger, setDebug } from '../logger';
import { siteForUrl } from '../sites';
import { DEFAULT_SETTINGS, type Settings } from '../settings/schema';
import { CallRegistry } from './call-registry';
import { companionNote } from './companion-note';
import { MeetingTabs } from './meeting-tabs';
import { withActionBadge } from './action-badge';
import { closeOffscreen, ensureOffscreen } from './offscreen-document';

const log = createLogger('bg');

/**
 * Background: bookkeeping of calls per tab, the offscreen document's life, settings push,
 * the verdict log (state changes only, never audio). Popup, options and content scripts address
 * the inference context directly, after `engine.open` here.
 */
export function startBackground(): void {
  const calls = withActionBadge(new CallRegistry(), browser.action);
  // Firefox: no offscreen documents; this background page runs inference itself (loaded lazily
  // so Chrome's service worker never imports onnxruntime-web).
  const inference = import.meta.env.FIREFOX ? import('../inference/service').then(({ startInference }) => startInference(m)) : null;
  const offscreen = () => inference ?? ensureOffscreen(() => m.sendMessage('engine.status', {}));
  let engine: EngineStatus = { model: 'loading' };
  let settings: Settings = DEFAULT_SETTINGS;
  void loadSettings().then((s) => (settings = s)).catch(() => {});

  // Warm before the words: a call site's tab loads the engine before any remote audio, and
  // keeps it loaded (the idle close below waits for the last such tab to go).
  const meetings = new MeetingTabs(siteForUrl, (site) => settings.sites[site]);
  const warm = (tabId: number, url?: string) => {
    const site = meetings.visit(tabId, url);
    if (site) void offscreen().catch((e: unknown) => log.warn('could not warm the engine', e));
  };
  browser.tabs.onUpdated.addListener((tabId, info, tab) => warm(tabId, info.url ?? tab.url));
  void browser.tabs.query({}).then((tabs) => tabs.forEach((t) => t.id !== undefined && warm(t.id, t.url)));

  // Streams are the inference context's; the background only keeps the books (badge, popup, idle close).
  m.observe('stream.start', ({ streamId, site, label }, { tabId }) => {
    if (tabId !== undefined) calls.start(tabId, site, streamId, label);
  });
  m.observe('stream.end', ({ streamId }, { tabId }) => {
    if (tabId !== undefined) calls.end(tabId, streamId);
  });
  m.observe('stream.label', ({ streamId, label }, { tabId }) => {
    if (tabId !== undefined) calls.label(tabId, streamId, label);
  });

  m.onMessage('stream.update', (u) => {
    const change = calls.update(u);
    m.notify('stream.update', u, u.tabId);
    if (change) void appendVerdict({ t: Date.now(), ...change }).catch((e: unknown) => log.warn('verdict log', e));
  });

  // Know about a missing model before any call starts (the popup shows call.status.problem).
  fetch(browser.runtime.getURL('/models/lite.json' as '/'))
    .then((r) => r.ok)
    .catch(() => false)
    .then((ok) => {
      if (!ok && engine.model === 'loading') engine = { model: 'missing', error: 'No model: this build has no lite model (models/lite.onnx).' };
    });

  m.onMessage('engine.changed', (s) => {
    engine = s;
  });

  m.onMessage('engine.open', () => offscreen());

  m.onMessage('engine.idle', async () => {
    if (calls.streamCount === 0 && meetings.open === 0) await closeOffscreen();
  });

  m.onMessage('call.status', async ({ tabId }) => {
    const id = tabId ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id ?? null;
    const problem = engine.model === 'missing' || engine.model === 'error' ? engine.error : companionNote(engine, Date.now());
    return calls.status(id, problem);
  });

  m.onMessage('settings.get', () => loadSettings());

  watchSettings((s) => {
    settings = s;
    setDebug(s.debug);
    m.notify('settings.changed', s);
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    meetings.close(tabId);
    for (const streamId of calls.closeTab(tabId)) m.notify('stream.end', { streamId });
  });
}
