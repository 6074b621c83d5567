import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Settings } from '../settings/schema';
import { DEFAULT_SETTINGS, settingsSchema } from '../settings/schema';
import { loadSettings, saveSettings, watchSettings } from '../settings/storage';

/** A change to settings; object-valued sections merge one level deep (`{ sites: { zoom: false } }`). */
export type SettingsPatch = {
  [K in keyof Settings]?: Settings[K] extends Record<string, unknown> ? Partial<Settings[K]> : Settings[K];
};

export interface SettingsState {
  settings: Settings;
  loaded: boolean;
  /** Short message when the last change was invalid or could not be saved. */
  error: string | null;
  /** Applies a change at once in the UI and saves it to storage. */
  update(patch: SettingsPatch): Promise<void>;
}

export function mergeSettings(s: Settings, patch: SettingsPatch): Settings {
  const next: Record<string, unknown> = { ...s };
  for (const [k, v] of Object.entries(patch)) {
    const cur = (s as Record<string, unknown>)[k];
    next[k] = v && typeof v === 'object' && cur && typeof cur === 'object' ? { ...cur, ...v } : v;
  }
  return next as Settings;
}

/**
 * Settings mirrored both ways with the one settings item in extension storage: `update`
 * writes through, and changes from other contexts (another options tab, the background)
 * arrive through the storage watcher. `start` loads and subscribes; it returns the stop function.
 */
export function createSettingsStore() {
  // Saves are chained so a fast slider cannot store an older value after a newer one, and
  // storage echoes are ignored while saves are pending: an echo of an older keystroke would
  // otherwise overwrite what the user typed since.
  let saving: Promise<unknown> = Promise.resolve();
  let pending = 0;
  const store = createStore<SettingsState>()((set, get) => ({
    settings: DEFAULT_SETTINGS,
    loaded: false,
    error: null,
    update(patch) {
      // Checked strictly here so an invalid change is refused with a message (storage reads are lenient).
      const checked = settingsSchema.safeParse(mergeSettings(get().settings, patch));
      if (!checked.success) {
        const issue = checked.error.issues[0];
        set({ error: `Not saved: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid value'}`.trim() });
        return Promise.resolve();
      }
      const next = checked.data;
      set({ settings: next, error: null });
      pending++;
      const run = saving.then(async () => {
        try {
          await saveSettings(next);
        } catch (e) {
          set({ settings: await loadSettings(), error: `Could not save settings: ${e instanceof Error ? e.message : String(e)}` });
        } finally {
          pending--;
        }
      });
      saving = run;
      return run;
    },
  }));
  const start = () => {
    let stopped = false;
    const unwatch = watchSettings((s) => {
      if (pending === 0) store.setState({ settings: s, loaded: true });
    });
    void loadSettings().then((s) => {
      if (!stopped) store.setState({ settings: s, loaded: true });
    });
    return () => {
      stopped = true;
      unwatch();
    };
  };
  return { store, start };
}

export const settingsStore = createSettingsStore();

export function useSettings<T>(select: (s: SettingsState) => T): T {
  return useStore(settingsStore.store, select);
}
