import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { appendVerdict, listVerdicts } from '../history/log';
import { loadSettings, saveSettings } from '../settings/storage';
import { historyStore } from '../stores/history';
import { settingsStore } from '../stores/settings';
import { OptionsApp } from './options-app';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: ReturnType<typeof createRoot> | null = null;
let stops: Array<() => void> = [];
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));
const $ = <T extends Element = HTMLInputElement>(id: string) => document.querySelector<T>(`[data-testid="${id}"]`)!;

beforeEach(async () => {
  fakeBrowser.reset();
  await saveSettings({ historyRetentionDays: 30 });
  stops = [settingsStore.start(), historyStore.start()];
  const el = document.createElement('div');
  document.body.append(el);
  root = createRoot(el);
  act(() => root!.render(<OptionsApp />));
  await flush();
});

afterEach(() => {
  act(() => root?.unmount());
  stops.forEach((s) => s());
  document.body.innerHTML = '';
});

describe('options page', () => {
  it('saves a preset, a site switch and the overlay switch at once', async () => {
    await act(async () => $('preset-conservative').click());
    await act(async () => $('site-teams').click());
    await act(async () => $('overlay-enabled').click());
    await flush();
    const s = await loadSettings();
    expect(s.sensitivity.preset).toBe('conservative');
    expect(s.sites.teams).toBe(false);
    expect(s.showOverlay).toBe(false);
    expect($('preset-conservative').checked).toBe(true);
  });

  it('greys out and disables the custom threshold unless Custom is chosen; one percentage format', async () => {
    expect($('preset-balanced').checked).toBe(true);
    expect($('custom-threshold').disabled).toBe(true);
    expect($<HTMLElement>('custom-row').getAttribute('aria-disabled')).toBe('true');
    expect(document.body.textContent).toContain('Choose Custom to use it.');
    await act(async () => $('preset-custom').click());
    await flush();
    expect($('custom-threshold').disabled).toBe(false);
    expect($<HTMLElement>('custom-row').className).not.toMatch(/inactive/);
    expect(document.querySelector('output')!.textContent).toBe('50%');
  });

  it('says that file checks are not in the verdict log', () => {
    expect($<HTMLElement>('history-scope').textContent).toMatch(/Files checked in the popup are not logged/);
  });

  it('shows settings changed elsewhere', async () => {
    await act(() => saveSettings({ companion: { enabled: true, url: 'ws://127.0.0.1:9000', token: 't' } }));
    await flush();
    expect($('companion-enabled').checked).toBe(true);
    expect($('companion-url').value).toBe('ws://127.0.0.1:9000');
  });

  it('lists the verdict log and clears it', async () => {
    await act(() => appendVerdict({ t: Date.now(), callId: 'c', site: 'meet', streamId: 's1', label: 'Ada', state: 'synthetic', pSpoof: 0.9, engine: 'lite' }));
    await flush();
    const table = $<HTMLTableElement>('history-table');
    expect(table.getAttribute('data-count')).toBe('1');
    expect(table.textContent).toContain('Ada');
    expect(table.textContent).toContain('Likely synthetic');
    expect(table.textContent).toContain('90%');
    await act(async () => $<HTMLButtonElement>('history-clear').click());
    await flush();
    expect(await listVerdicts()).toEqual([]);
    expect($('history-table').getAttribute('data-count')).toBe('0');
  });
});
