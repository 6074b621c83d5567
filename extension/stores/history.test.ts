import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { appendVerdict, verdictLogItem } from '../history/log';
import { createHistoryStore } from './history';

const tick = () => new Promise((r) => setTimeout(r, 0));
const entry = { t: Date.now(), callId: 'c', site: 'teams' as const, streamId: 's1', state: 'human' as const, pSpoof: 0.2, engine: 'lite' };

beforeEach(() => fakeBrowser.reset());

describe('history store', () => {
  it('loads the log and follows appends from other contexts, newest first', async () => {
    await appendVerdict(entry);
    const { store, start } = createHistoryStore();
    const stop = start();
    await tick();
    expect(store.getState().entries).toHaveLength(1);
    await appendVerdict({ ...entry, streamId: 's2', state: 'synthetic', pSpoof: 0.97 });
    await tick();
    expect(store.getState().entries.map((e) => e.streamId)).toEqual(['s2', 's1']);
    stop();
  });

  it('prunes entries past the retention when it starts', async () => {
    const old = Date.now() - 40 * 86_400_000;
    await verdictLogItem.setValue([{ ...entry, t: old, lastT: old, streamId: 'old' }, { ...entry, lastT: entry.t }]);
    const { store, start } = createHistoryStore();
    const stop = start();
    await tick();
    await tick();
    expect(store.getState().entries.map((e) => e.streamId)).toEqual(['s1']);
    stop();
  });

  it('clears the log', async () => {
    await appendVerdict(entry);
    const { store, start } = createHistoryStore();
    const stop = start();
    await tick();
    await store.getState().clear();
    expect(store.getState().entries).toEqual([]);
    expect(await store.getState().exportAs('csv')).toBe('time,last_update,call_id,site,stream_id,label,state,p_spoof,engine\r\n');
    stop();
  });
});
