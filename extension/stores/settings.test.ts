import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadSettings, saveSettings } from '../settings/storage';
import { createSettingsStore, mergeSettings } from './settings';
import { DEFAULT_SETTINGS } from '../settings/schema';

const tick = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => fakeBrowser.reset());

describe('settings store', () => {
  it('loads stored settings on start', async () => {
    await saveSettings({ historyRetentionDays: 7 });
    const { store, start } = createSettingsStore();
    const stop = start();
    await tick();
    expect(store.getState()).toMatchObject({ loaded: true, settings: { historyRetentionDays: 7 } });
    stop();
  });

  it('writes updates through to storage, merging nested sections', async () => {
    const { store, start } = createSettingsStore();
    const stop = start();
    await tick();
    await store.getState().update({ sites: { zoom: false } });
    await store.getState().update({ sensitivity: { preset: 'custom', customThreshold: 0.8 } });
    const stored = await loadSettings();
    expect(stored.sites).toEqual({ meet: true, zoom: false, teams: true, demo: true });
    expect(stored.sensitivity).toEqual({ preset: 'custom', customThreshold: 0.8 });
    stop();
  });

  it('keeps the last of rapid updates', async () => {
    const { store } = createSettingsStore();
    const saves = [0.3, 0.4, 0.5, 0.61].map((t) => store.getState().update({ sensitivity: { customThreshold: t } }));
    await Promise.all(saves);
    expect((await loadSettings()).sensitivity.customThreshold).toBe(0.61);
  });

  it('does not let storage echoes of earlier keystrokes overwrite later ones', async () => {
    const { store, start } = createSettingsStore();
    const stop = start();
    await tick();
    const seen: string[] = [];
    const unsub = store.subscribe((st) => seen.push(st.settings.companion.url));
    const saves = ['w', 'ws', 'ws:', 'ws:/'].map((url) => store.getState().update({ companion: { url } }));
    await Promise.all(saves);
    await tick();
    expect(seen.slice(3).every((u) => u === 'ws:/')).toBe(true);
    expect(store.getState().settings.companion.url).toBe('ws:/');
    expect((await loadSettings()).companion.url).toBe('ws:/');
    unsub();
    stop();
  });

  it('follows changes made in another context', async () => {
    const { store, start } = createSettingsStore();
    const stop = start();
    await tick();
    await saveSettings({ showOverlay: false });
    await tick();
    expect(store.getState().settings.showOverlay).toBe(false);
    stop();
    await saveSettings({ showOverlay: true });
    await tick();
    expect(store.getState().settings.showOverlay).toBe(false);
  });

  it('refuses an invalid change without resetting the other settings', async () => {
    const { store } = createSettingsStore();
    await store.getState().update({ historyRetentionDays: 9, sites: { teams: false } });
    await store.getState().update({ historyRetentionDays: -4 });
    expect(store.getState().error).toMatch(/historyRetentionDays/);
    expect(store.getState().settings.historyRetentionDays).toBe(9);
    const stored = await loadSettings();
    expect(stored.historyRetentionDays).toBe(9);
    expect(stored.sites.teams).toBe(false);
  });

  it('mergeSettings replaces scalars and merges objects one level deep', () => {
    const m = mergeSettings(DEFAULT_SETTINGS, { companion: { token: 'abc' }, debug: true });
    expect(m.companion).toEqual({ ...DEFAULT_SETTINGS.companion, token: 'abc' });
    expect(m.debug).toBe(true);
  });
});
