import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { CallStatus } from '../messaging/protocol';

export interface CallStatusState {
  status: CallStatus | null;
  /** False until the first answer (or failure) arrives. */
  loaded: boolean;
  error: string | null;
  refresh(): Promise<void>;
}

export type CallStatusFetcher = () => Promise<CallStatus | null>;

/**
 * The current tab's call as the background reports it. The popup polls while it is open:
 * a popup lives for seconds, so a poll is simpler than a subscription and cannot leak.
 */
export function createCallStatusStore(fetchStatus: CallStatusFetcher) {
  const store = createStore<CallStatusState>()((set) => ({
    status: null,
    loaded: false,
    error: null,
    async refresh() {
      try {
        set({ status: await fetchStatus(), loaded: true, error: null });
      } catch (e) {
        set({ loaded: true, error: e instanceof Error ? e.message : String(e) });
      }
    },
  }));
  const start = (intervalMs = 1000) => {
    void store.getState().refresh();
    const timer = setInterval(() => void store.getState().refresh(), intervalMs);
    return () => clearInterval(timer);
  };
  return { store, start };
}

export function useCallStatus<T>(store: ReturnType<typeof createCallStatusStore>['store'], select: (s: CallStatusState) => T): T {
  return useStore(store, select);
}
