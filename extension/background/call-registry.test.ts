import { describe, expect, it } from 'vitest';
import { CallRegistry } from './call-registry';
import type { StreamUpdate } from '../messaging/protocol';

const u = (state: StreamUpdate['state'], pSpoof: number | null): StreamUpdate => ({
  streamId: 's1', tabId: 4, site: 'teams', state, pSpoof, windowP: pSpoof, engine: { kind: 'browser', label: 'wasm · lite', model: 'lite' }, t: 1,
});

describe('CallRegistry', () => {
  it('reports the streams of a tab for call.status', () => {
    const r = new CallRegistry(() => 1000);
    r.start(4, 'teams', 's1', 'Call audio');
    r.update(u('human', 0.1));
    expect(r.status(4)).toEqual({ site: 'teams', tabId: 4, streams: [{ streamId: 's1', label: 'Call audio', state: 'human', pSpoof: 0.1, engine: 'wasm · lite' }] });
    expect(r.status(5)).toEqual({ site: null, tabId: 5, streams: [] });
  });

  it('returns a verdict-log change only when the state changes', () => {
    const r = new CallRegistry(() => 1000);
    r.start(4, 'teams', 's1');
    expect(r.update(u('listening', null))).toBeNull();
    expect(r.update(u('human', 0.1))).toMatchObject({ callId: 'teams-4-1000', state: 'human', streamId: 's1' });
    expect(r.update(u('human', 0.15))).toBeNull();
    expect(r.update(u('synthetic', 0.9))).toMatchObject({ state: 'synthetic', pSpoof: 0.9 });
  });

  it('re-learns a stream from updates after a service-worker restart', () => {
    const r = new CallRegistry(() => 5);
    expect(r.update(u('synthetic', 0.9))).toMatchObject({ state: 'synthetic', site: 'teams' });
    expect(r.status(4).streams).toHaveLength(1);
  });

  it('forgets a closed tab', () => {
    const r = new CallRegistry();
    r.start(4, 'meet', 'a');
    r.start(4, 'meet', 'b');
    expect(r.closeTab(4)).toEqual(['a', 'b']);
    expect(r.status(4).streams).toEqual([]);
  });
});
