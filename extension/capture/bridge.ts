import { z } from 'zod';

/**
 * Private channel between the MAIN-world capture script and the isolated content script:
 * the isolated side hands a MessagePort over window.postMessage once, at document_start,
 * before page scripts run; everything after goes over the port, out of the page's sight.
 * Messages on the port are `unknown` until parsed (a page could forge a handshake).
 */
export const BRIDGE_KEY = '__veracall_bridge__';

export const toPageSchema = z.object({ kind: z.literal('init'), workletUrl: z.string().url(), tapWebAudio: z.boolean() });
export type ToPage = z.infer<typeof toPageSchema>;

export const fromPageSchema = z.discriminatedUnion('kind', [
  /** A remote audio track: its worklet port arrives as the message's transferred port. */
  z.object({ kind: z.literal('track'), id: z.number().int(), sampleRate: z.number().int().min(3000).max(384000), origin: z.enum(['webrtc', 'webaudio']) }),
  z.object({ kind: z.literal('ended'), id: z.number().int() }),
  z.object({ kind: z.literal('sources'), id: z.number().int(), count: z.number().int().min(0).max(100) }),
]);
export type FromPage = z.infer<typeof fromPageSchema>;

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
