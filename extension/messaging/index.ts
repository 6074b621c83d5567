import browser from 'webextension-polyfill';
import { createMessenger, type RuntimeTransport } from './messenger';

export * from './protocol';
export { createMessenger, MessageError, type Messenger, type Sender, type Handler, type Observer } from './messenger';

const polyfillTransport: RuntimeTransport = {
  sendMessage: (m) => browser.runtime.sendMessage(m),
  sendToTab: (tabId, m) => browser.tabs.sendMessage(tabId, m),
  addListener: (l) => browser.runtime.onMessage.addListener((m: unknown, s: browser.Runtime.MessageSender) => l(m, s)),
};

/**
 * The extension's messenger: `onMessage(name, handler)` in the owning context,
 * `sendMessage(name, data)` / `sendToEngine(name, data)` / `sendToTab(tabId, name, data)` /
 * `notify(...)` elsewhere.
 */
export const messenger = createMessenger(polyfillTransport);
export const { onMessage, sendMessage, sendToTab } = messenger;
export const sendToEngine = messenger.sendToEngine.bind(messenger);
export const notify = messenger.notify.bind(messenger);
