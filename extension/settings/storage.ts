import { storage } from '@wxt-dev/storage';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './schema';

/** The one storage item that holds all settings (extension `local` area). */
export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

export async function loadSettings(): Promise<Settings> {
  return parseSettings(await settingsItem.getValue());
}

/** Validates and stores a partial update merged onto the current settings. */
export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = parseSettings({ ...(await loadSettings()), ...patch });
  await settingsItem.setValue(next);
  return next;
}

/** Calls back with validated settings on every change; returns the unsubscribe function. */
export function watchSettings(cb: (s: Settings) => void): () => void {
  return settingsItem.watch((v) => cb(parseSettings(v)));
}
