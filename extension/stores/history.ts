import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { clearVerdicts, exportVerdicts, listVerdicts, pruneVerdicts, watchVerdicts, type VerdictEntry } from '../history/log';
import { loadSettings } from '../settings/storage';

export interface HistoryState {
  /** Newest first. */
  entries: VerdictEntry[];
  loaded: boolean;
  refresh(): Promise<void>;
  clear(): Promise<void>;
  exportAs(format: 'json' | 'csv'): Promise<string>;
}

/** The verdict log as the options page shows it, kept current while the page is open. */
export function createHistoryStore() {
  const store = createStore<HistoryState>()((set) => ({
    entries: [],
    loaded: false,
    async refresh() {
      set({ entries: await listVerdicts(), loaded: true });
    },
    async clear() {
      await clearVerdicts();
      set({ entries: [] });
    },
    exportAs: (format) => exportVerdicts(format),
  }));
  const start = () => {
    const unwatch = watchVerdicts((entries) => store.setState({ entries: [...entries].reverse(), loaded: true }));
    // Entries also age out while no call adds new ones: prune when the log is looked at.
    void loadSettings()
      .then((s) => pruneVerdicts(s.historyRetentionDays))
      .finally(() => store.getState().refresh());
    return unwatch;
  };
  return { store, start };
}

export const historyStore = createHistoryStore();

export function useHistory<T>(select: (s: HistoryState) => T): T {
  return useStore(historyStore.store, select);
}
