import { messageMap, type MessageName, type Req, type ReqOut, type Res } from './protocol';
import { createLogger } from '../logger';

/**
 * Typed messaging over a runtime transport (webextension-polyfill in the extension,
 * a fake in tests). Rules that keep contexts from racing each other:
 * - a context answers only the names it registered (the polyfill treats `undefined` as
 *   "not mine", so another context can answer);
 * - requests and responses are validated against the map: everything received is
 *   `unknown` until parsed;
 * - a context that owns a name handles its own sends locally (Firefox's background page
 *   hosts both background and offscreen roles, and runtime messages do not loop back).
 */
export interface Sender {
  tabId?: number;
  frameId?: number;
  url?: string;
}

export interface RuntimeTransport {
  sendMessage(message: unknown): Promise<unknown>;
  sendToTab(tabId: number, message: unknown): Promise<unknown>;
  addListener(listener: (message: unknown, sender: { tab?: { id?: number }; frameId?: number; url?: string }) => Promise<unknown> | undefined): void;
}

export type Handler<K extends MessageName> = (data: ReqOut<K>, sender: Sender) => Res<K> | Promise<Res<K>>;

interface Envelope {
  veracall: 1;
  type: MessageName;
  data: unknown;
}

function isEnvelope(m: unknown): m is Envelope {
  return typeof m === 'object' && m !== null && (m as Envelope).veracall === 1 && typeof (m as Envelope).type === 'string' && (m as Envelope).type in messageMap;
}

export class MessageError extends Error {
  override name = 'MessageError';
}

const log = createLogger('msg');

export function createMessenger(transport: RuntimeTransport) {
  const handlers = new Map<MessageName, Handler<MessageName>>();
  let listening = false;

  async function dispatch(type: MessageName, raw: unknown, sender: Sender): Promise<unknown> {
    const parsed = messageMap[type].req.safeParse(raw);
    if (!parsed.success) throw new MessageError(`${type}: invalid request: ${parsed.error.issues[0]?.message ?? ''}`);
    const res = await handlers.get(type)!(parsed.data as never, sender);
    return res ?? null;
  }

  function listen() {
    if (listening) return;
    listening = true;
    transport.addListener((message, sender) => {
      if (!isEnvelope(message) || !handlers.has(message.type)) return undefined;
      return dispatch(message.type, message.data, { tabId: sender.tab?.id, frameId: sender.frameId, url: sender.url });
    });
  }

  function parseResponse<K extends MessageName>(type: K, raw: unknown): Res<K> {
    const r = messageMap[type].res.safeParse(raw ?? undefined);
    if (!r.success) throw new MessageError(`${type}: invalid response: ${r.error.issues[0]?.message ?? ''}`);
    return r.data as Res<K>;
  }

  return {
    /** Registers this context as the owner of `type`; returns the unregister function. */
    onMessage<K extends MessageName>(type: K, handler: Handler<K>): () => void {
      handlers.set(type, handler as unknown as Handler<MessageName>);
      listen();
      return () => void handlers.delete(type);
    },
    /** Sends to the extension context that owns `type` (locally when this context owns it). */
    async sendMessage<K extends MessageName>(type: K, data: Req<K>): Promise<Res<K>> {
      if (handlers.has(type)) return parseResponse(type, await dispatch(type, data, {}));
      const env: Envelope = { veracall: 1, type, data };
      return parseResponse(type, await transport.sendMessage(env));
    },
    /** Sends to the content scripts of a tab. */
    async sendToTab<K extends MessageName>(tabId: number, type: K, data: Req<K>): Promise<Res<K>> {
      const env: Envelope = { veracall: 1, type, data };
      return parseResponse(type, await transport.sendToTab(tabId, env));
    },
    /** Fire-and-forget: no owner being present (popup closed, tab gone) is not an error. */
    notify<K extends MessageName>(type: K, data: Req<K>, tabId?: number): void {
      const p = tabId === undefined ? this.sendMessage(type, data) : this.sendToTab(tabId, type, data);
      p.catch((e: unknown) => log.debug(`${type} not delivered`, e));
    },
  };
}

export type Messenger = ReturnType<typeof createMessenger>;
