import { describe, expect, it } from 'vitest';
import type { StreamUpdate } from '../messaging/protocol';
import { DEFAULT_SETTINGS, type Settings } from '../settings/schema';
import { ADAPTERS } from '../sites';
import { Overlay } from '../overlay/overlay';
import { CaptureSession, type SessionLinks } from './capture-session';

function links() {
  const log: string[] = [];
  const l: SessionLinks = {
    start: async (id) => (log.push(`start ${id}`), { ok: true }),
    audio: () => undefined,
    end: (id) => void log.push(`end ${id}`),
    label: () => undefined,
    initPage: () => void log.push('init'),
    warn: () => undefined,
  };
  return { l, log };
}

const settings = (meet: boolean, showOverlay = true): Settings => ({ ...DEFAULT_SETTINGS, sites: { ...DEFAULT_SETTINGS.sites, meet }, showOverlay });
const badges = () => document.querySelector('veracall-overlay')?.shadowRoot?.querySelectorAll<HTMLElement>('[data-testid="veracall-badge"]') ?? [];
const port = () => new MessageChannel().port1;

describe('capture session: settings apply on the open page', () => {
  it('disabling the site ends its streams and removes the badges; enabling gives live tracks fresh streams', () => {
    document.body.innerHTML = '';
    const { l, log } = links();
    const s = new CaptureSession('meet', ADAPTERS.meet, new Overlay(document), l);
    s.apply(settings(true));
    s.track(1, 48000, 'webrtc', port());
    expect(badges()).toHaveLength(1);
    const first = s.streamIds[0]!;
    expect(log).toEqual(['init', `start ${first}`]);

    s.apply(settings(false));
    expect(badges()).toHaveLength(0);
    expect(s.streamIds).toEqual([]);
    expect(log.at(-1)).toBe(`end ${first}`);
    // A late update for the ended stream does not bring its badge back.
    s.update({ streamId: first, tabId: 1, site: 'meet', state: 'synthetic', pSpoof: 0.9, windowP: 0.9, engine: { kind: 'browser', label: 'x', model: 'lite' }, t: 0 } satisfies StreamUpdate);
    expect(badges()).toHaveLength(0);

    s.apply(settings(true));
    expect(badges()).toHaveLength(1);
    expect(s.streamIds[0]).not.toBe(first);
    expect(log.filter((x) => x === 'init')).toHaveLength(1); // the page's taps start once
  });

  it('a page loaded with the site off starts its taps when the site is switched on', () => {
    document.body.innerHTML = '';
    const { l, log } = links();
    const s = new CaptureSession('meet', ADAPTERS.meet, new Overlay(document), l);
    s.apply(settings(false));
    expect(log).toEqual([]);
    expect(s.pageStarted).toBe(false);
    s.apply(settings(true));
    expect(log).toEqual(['init']);
    s.track(3, 48000, 'webrtc', port());
    expect(badges()).toHaveLength(1);
  });

  it('the overlay switch hides and shows the badges at once, keeping their state', () => {
    document.body.innerHTML = '';
    const { l } = links();
    const s = new CaptureSession('meet', ADAPTERS.meet, new Overlay(document), l);
    s.apply(settings(true));
    s.track(1, 48000, 'webrtc', port());
    const id = s.streamIds[0]!;
    s.apply(settings(true, false));
    expect(document.querySelector('veracall-overlay')).toBeNull();
    s.update({ streamId: id, tabId: 1, site: 'meet', state: 'suspicious', pSpoof: 0.6, windowP: 0.6, engine: { kind: 'browser', label: 'x', model: 'lite' }, t: 0 });
    s.apply(settings(true, true));
    expect(badges()).toHaveLength(1);
    expect(badges()[0]!.dataset.state).toBe('suspicious');
    expect(s.streamIds).toEqual([id]); // hiding never stopped the analysis
  });
});
