import { describe, expect, it, vi } from 'vitest';
import { createMessenger, type RuntimeTransport } from './messenger';

/** Two contexts wired through a fake runtime: a message from one reaches the other's listeners. */
function pair() {
  const listeners: Array<Parameters<RuntimeTransport['addListener']>[0]> = [];
  const deliver = async (m: unknown, tabId?: number) => {
    for (const l of listeners) {
      const r = l(m, { tab: tabId === undefined ? undefined : { id: tabId } });
      if (r !== undefined) return r;
    }
    throw new Error('Could not establish connection. Receiving end does not exist.');
  };
  const mk = (tabId?: number): RuntimeTransport => ({
    sendMessage: (m) => deliver(m, tabId),
    sendToTab: (_t, m) => deliver(m),
    addListener: (l) => void listeners.push(l),
  });
  return { content: createMessenger(mk(7)), background: createMessenger(mk()), offscreen: createMessenger(mk()) };
}

describe('messenger', () => {
  it('delivers a typed request to the owning context with the sender tab, and validates the response', async () => {
    const { content, offscreen } = pair();
    offscreen.onMessage('stream.start', (d, sender) => ({ ok: d.site === 'meet' && sender.tabId === 7 }));
    await expect(content.sendMessage('stream.start', { streamId: 's1', site: 'meet' })).resolves.toEqual({ ok: true });
  });

  it('only the owner answers: other contexts stay silent', async () => {
    const { content, background, offscreen } = pair();
    const wrong = vi.fn(() => ({ ok: false }));
    offscreen.onMessage('stream.start', wrong);
    background.onMessage('call.status', () => ({ site: 'teams', tabId: 3, streams: [] }));
    const status = await content.sendMessage('call.status', {});
    expect(status.site).toBe('teams');
    expect(wrong).not.toHaveBeenCalled();
  });

  it('an observer sees the message with its sender but the owner answers (background bookkeeping of streams)', async () => {
    const { content, background, offscreen } = pair();
    const seen = vi.fn();
    background.observe('stream.start', seen);
    offscreen.onMessage('stream.start', () => ({ ok: true }));
    await expect(content.sendMessage('stream.start', { streamId: 's1', site: 'meet', label: 'Ann' })).resolves.toEqual({ ok: true });
    expect(seen).toHaveBeenCalledWith({ streamId: 's1', site: 'meet', label: 'Ann' }, expect.objectContaining({ tabId: 7 }));
  });

  it('sendToEngine opens the inference context first, then addresses it directly', async () => {
    const { content, background, offscreen } = pair();
    const order: string[] = [];
    background.onMessage('engine.open', () => void order.push('open'));
    offscreen.onMessage('companion.test', () => (order.push('test'), { ok: true }));
    await expect(content.sendToEngine('companion.test', { url: 'ws://127.0.0.1:8765', token: 't' })).resolves.toEqual({ ok: true });
    expect(order).toEqual(['open', 'test']);
  });

  it('rejects an invalid request before the handler runs', async () => {
    const { content, offscreen } = pair();
    const h = vi.fn(() => ({ ok: true }));
    offscreen.onMessage('stream.start', h);
    await expect(content.sendMessage('stream.start', { streamId: 'bad id with spaces', site: 'meet' })).rejects.toThrow(/invalid request/);
    expect(h).not.toHaveBeenCalled();
  });

  it('rejects a response that does not match the map', async () => {
    const { content, background } = pair();
    background.onMessage('call.status', () => ({ nonsense: true }) as never);
    await expect(content.sendMessage('call.status', {})).rejects.toThrow(/invalid response/);
  });

  it('handles a message locally when the sending context owns it (Firefox background page)', async () => {
    const { background } = pair();
    background.onMessage('engine.status', () => ({ model: 'missing', error: 'no model' }));
    await expect(background.sendMessage('engine.status', {})).resolves.toMatchObject({ model: 'missing' });
  });

  it('notify swallows "no receiver" (popup closed) instead of throwing', async () => {
    const { offscreen } = pair();
    expect(() => offscreen.notify('file.progress', { requestId: 'r', stage: 'scoring', done: 1, total: 2 })).not.toThrow();
    await new Promise((r) => setTimeout(r, 0));
  });

  it('ignores foreign messages that are not veracall envelopes', async () => {
    const listeners: Array<Parameters<RuntimeTransport['addListener']>[0]> = [];
    const m = createMessenger({ sendMessage: async () => undefined, sendToTab: async () => undefined, addListener: (l) => void listeners.push(l) });
    m.onMessage('call.status', () => ({ site: null, tabId: null, streams: [] }));
    expect(listeners[0]!({ type: 'call.status' }, {})).toBeUndefined();
    expect(listeners[0]!({ veracall: 1, type: 'unknown.thing', data: {} }, {})).toBeUndefined();
  });
});

describe('message map types', () => {
  it('gives handlers and callers the schema types', async () => {
    const { expectTypeOf } = await import('vitest');
    const { background } = pair();
    type Status = Awaited<ReturnType<typeof background.sendMessage<'call.status'>>>;
    expectTypeOf<Status['streams'][number]['state']>().toEqualTypeOf<'listening' | 'no-speech' | 'human' | 'suspicious' | 'synthetic'>();
    type Analyze = Awaited<ReturnType<typeof background.sendMessage<'file.analyze'>>>;
    expectTypeOf<Analyze['verdict']>().toEqualTypeOf<'no-speech' | 'human' | 'suspicious' | 'synthetic'>();
    type Test = Awaited<ReturnType<typeof background.sendMessage<'companion.test'>>>;
    expectTypeOf<Test>().toEqualTypeOf<{ ok: boolean; engine?: string; models?: string[]; error?: string }>();
  });
});
