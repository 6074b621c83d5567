import type { FromPage, ToPage } from './bridge-schema';

/**
 * Private channel between the MAIN-world capture script and the isolated content script:
 * the isolated side hands a MessagePort over window.postMessage once, at document_start,
 * before page scripts run; everything after goes over the port, out of the page's sight.
 * Messages on the port are `unknown` until parsed (a page could forge a handshake).
 */
export const BRIDGE_KEY = '__veracall_bridge__';

/**
 * MAIN world: validates `init` by hand: zod stays out of the script injected into every
 * call page (it runs at document_start, before the page; keep it small).
 */
export function parseInit(d: unknown): ToPage | null {
  const o = d as Partial<ToPage> | null;
  if (typeof o !== 'object' || o === null || o.kind !== 'init' || typeof o.tapWebAudio !== 'boolean') return null;
  if (typeof o.workletUrl !== 'string' || !/^(chrome|moz)-extension:\/\/[^/]+\/veracall-worklet\.js$/.test(o.workletUrl)) return null;
  return { kind: 'init', workletUrl: o.workletUrl, tapWebAudio: o.tapWebAudio };
}

export type { FromPage, ToPage };

/** MAIN world: wait for the isolated script's port (ask for one in case we loaded second). */
export function acceptBridge(win: Window, onPort: (port: MessagePort) => void): void {
  let done = false;
  win.addEventListener(
    'message',
    (e: MessageEvent) => {
      if (e.source !== win || (e.data as { [BRIDGE_KEY]?: string } | null)?.[BRIDGE_KEY] !== 'port' || !e.ports[0]) return;
      e.stopImmediatePropagation();
      if (done) return;
      done = true;
      onPort(e.ports[0]);
    },
    true,
  );
  win.postMessage({ [BRIDGE_KEY]: 'hello' }, '*');
}

/** Isolated world: offer a port now and whenever the MAIN world says hello. */
export function offerBridge(win: Window, onPort: (port: MessagePort) => void): void {
  const offer = () => {
    const ch = new MessageChannel();
    onPort(ch.port1);
    win.postMessage({ [BRIDGE_KEY]: 'port' }, '*', [ch.port2]);
  };
  win.addEventListener(
    'message',
    (e: MessageEvent) => {
      if (e.source !== win || (e.data as { [BRIDGE_KEY]?: string } | null)?.[BRIDGE_KEY] !== 'hello') return;
      e.stopImmediatePropagation();
      offer();
    },
    true,
  );
  offer();
}
