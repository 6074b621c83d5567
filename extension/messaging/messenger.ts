import { messageMap, type Envelope, type MessageName, type Req, type ReqOut, type Res } from './protocol';
import { createLogger } from '../logger';

/**
 * Typed messaging over a runtime transport (webextension-polyfill in the extension,
 * a fake in tests). Rules that keep contexts from racing each other:
 * - a context answers only the names it registered (the polyfill treats `undefined` as
 *   "not mine", so another context can answer);
 * - requests and responses are validated against the map: everything received is
 *   `unknown` until parsed;
 * - a context that owns a name handles its own sends locally (Firefox's background page
 *   hosts both background and inference roles, and runtime messages do not loop back);
 * - a context that only needs to know about a message `observe`s it: it sees the message
 *   from another context, validated, and never answers it.
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
export type Observer<K extends MessageName> = (data: ReqOut<K>, sender: Sender) => void;

/** A received envelope: its type is known, its data still `unknown` until parsed against the map. */
type Received = { veracall: 1; type: MessageName; data: unknown };

function isEnvelope(m: unknown): m is Received {
  const e = m as Received;
  return typeof m === 'object' && m !== null && e.veracall === 1 && typeof e.type === 'string' && Object.hasOwn(messageMap, e.type);
}

export class MessageError extends Error {
  override name = 'MessageError';
}

const log = createLogger('msg');

const envelope = <K extends MessageName>(type: K, data: Req<K>) => ({ veracall: 1, type, data }) as Envelope;

export function createMessenger(transport: RuntimeTransport) {
  const handlers = new Map<MessageName, Handler<MessageName>>();
  const observers = new Map<MessageName, Observer<MessageName>>();
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
    // Not async: returning undefined synchronously is what leaves the answer to the owner.
    transport.addListener((message, sender) => {
      if (!isEnvelope(message)) return undefined;
      const from: Sender = { tabId: sender.tab?.id, frameId: sender.frameId, url: sender.url };
      const observe = observers.get(message.type);
      if (observe) {
        const parsed = messageMap[message.type].req.safeParse(message.data);
        if (parsed.success) observe(parsed.data as never, from);
        else log.debug(`${message.type}: invalid message observed`, parsed.error.issues[0]?.message);
      }
      return handlers.has(message.type) ? dispatch(message.type, message.data, from) : undefined;
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
    /** Sees `type` when it arrives from another context, without answering it (the owner does). */
    observe<K extends MessageName>(type: K, observer: Observer<K>): void {
      observers.set(type, observer as unknown as Observer<MessageName>);
      listen();
    },
    /** Sends to the extension context that owns `type` (locally when this context owns it). */
    async sendMessage<K extends MessageName>(type: K, data: Req<K>): Promise<Res<K>> {
      if (handlers.has(type)) return parseResponse(type, await dispatch(type, data, {}));
      return parseResponse(type, await transport.sendMessage(envelope(type, data)));
    },
    /** Sends to the inference context, first asking the background to open it (it may be closed). */
    async sendToEngine<K extends MessageName>(type: K, data: Req<K>): Promise<Res<K>> {
      await this.sendMessage('engine.open', {});
      return this.sendMessage(type, data);
    },
    /** Sends to the content scripts of a tab. */
    async sendToTab<K extends MessageName>(tabId: number, type: K, data: Req<K>): Promise<Res<K>> {
      return parseResponse(type, await transport.sendToTab(tabId, envelope(type, data)));
    },
    /** Fire-and-forget: no owner being present (popup closed, tab gone) is not an error. */
    notify<K extends MessageName>(type: K, data: Req<K>, tabId?: number): void {
      const p = tabId === undefined ? this.sendMessage(type, data) : this.sendToTab(tabId, type, data);
      p.catch((e: unknown) => log.debug(`${type} not delivered`, e));
    },
  };
}

export type Messenger = ReturnType<typeof createMessenger>;
