import { describe, expect, it } from 'vitest';
import type { StreamUpdate } from '../messaging/protocol';
import { withActionBadge, type ActionApi } from './action-badge';
import { CallRegistry } from './call-registry';

function fakeAction() {
  const tabs = new Map<number, { text?: string; color?: string; title?: string }>();
  let calls = 0;
  const at = (tabId = -1) => tabs.get(tabId) ?? tabs.set(tabId, {}).get(tabId)!;
  const api: ActionApi = {
    setBadgeText: async ({ tabId, text }) => void ((at(tabId).text = text), calls++),
    setBadgeBackgroundColor: async ({ tabId, color }) => void (at(tabId).color = color),
    setTitle: async ({ tabId, title }) => void (at(tabId).title = title),
  };
  return { api, tabs, get calls() { return calls; } };
}

const upd = (tabId: number, streamId: string, state: StreamUpdate['state'], pSpoof: number | null, label?: string): StreamUpdate => ({
  tabId, streamId, site: 'meet', state, pSpoof, windowP: pSpoof, label, engine: { kind: 'browser', label: 'wasm · lite', model: 'lite' }, t: 1,
});

describe('toolbar button (action badge)', () => {
  it("shows the call's worst current state per tab, and follows it back", () => {
    const a = fakeAction();
    const calls = withActionBadge(new CallRegistry(() => 1), a.api);
    calls.start(7, 'meet', 's1', 'Ada');
    calls.start(7, 'meet', 's2', 'Bob');
    expect(a.tabs.get(7)).toMatchObject({ text: '…' });
    calls.update(upd(7, 's1', 'human', 0.1));
    expect(a.tabs.get(7)!.text).toBe('•'); // a heard voice outranks one still being listened to
    calls.update(upd(7, 's2', 'human', 0.2));
    expect(a.tabs.get(7)).toMatchObject({ text: '•' });
    expect(a.tabs.get(7)!.title).toMatch(/No signs of synthesis so far/);
    expect(a.tabs.get(7)!.title).not.toMatch(/human|verified/i);
    calls.update(upd(7, 's2', 'synthetic', 0.93));
    expect(a.tabs.get(7)).toEqual({ text: '!', color: '#c0262d', title: 'Veracall: Bob: Likely synthetic (chance of synthesis 93%); 2 voices in this call' });
    calls.update(upd(7, 's1', 'suspicious', 0.6));
    expect(a.tabs.get(7)!.text).toBe('!'); // worst wins
    calls.update(upd(7, 's2', 'human', 0.1));
    expect(a.tabs.get(7)).toMatchObject({ text: '?', title: expect.stringContaining('Ada: Suspicious') });
    calls.end(7, 's1');
    expect(a.tabs.get(7)!.text).toBe('•');
    calls.end(7, 's2');
    expect(a.tabs.get(7)).toMatchObject({ text: '', title: 'Veracall: no call in this tab' });
  });

  it('keeps tabs apart and repaints only on a visible change', () => {
    const a = fakeAction();
    const calls = withActionBadge(new CallRegistry(() => 1), a.api);
    calls.update(upd(1, 's1', 'synthetic', 0.9));
    calls.update(upd(2, 's9', 'human', 0.1));
    expect(a.tabs.get(1)!.text).toBe('!');
    expect(a.tabs.get(2)!.text).toBe('•');
    const n = a.calls;
    calls.update(upd(1, 's1', 'synthetic', 0.9));
    expect(a.calls).toBe(n);
    expect(calls.closeTab(1)).toEqual(['s1']);
  });
});
