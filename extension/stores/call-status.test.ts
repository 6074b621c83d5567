import { describe, expect, it, vi } from 'vitest';
import { createCallStatusStore } from './call-status';

describe('call-status store', () => {
  it('polls the background and keeps the last answer', async () => {
    vi.useFakeTimers();
    const fetcher = vi.fn().mockResolvedValueOnce(null).mockResolvedValue({ site: 'meet', tabId: 3, streams: [] });
    const { store, start } = createCallStatusStore(fetcher);
    const stop = start(1000);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toMatchObject({ loaded: true, status: null });
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.getState().status).toMatchObject({ site: 'meet', tabId: 3 });
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetcher).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });

  it('reports a failure as a message', async () => {
    const { store } = createCallStatusStore(() => Promise.reject(new Error('background asleep')));
    await store.getState().refresh();
    expect(store.getState()).toMatchObject({ loaded: true, error: 'background asleep' });
  });
});
