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

describe('capture session: badges on participant tiles', () => {
  const tiles = () => {
    document.body.innerHTML = '';
    for (const n of ['Ada Lovelace', 'Bob']) {
      const t = document.createElement('div');
      t.dataset.participantId = n;
      const name = document.createElement('div');
      name.setAttribute('data-self-name', '');
      name.textContent = n;
      t.append(name);
      document.body.append(t);
    }
    return [...document.querySelectorAll<HTMLElement>('[data-participant-id]')];
  };
  const tileBadge = (tile: Element) => tile.querySelector<HTMLElement>('veracall-tile-badge');
  const note = () => document.querySelector('veracall-overlay')!.shadowRoot!.querySelector<HTMLElement>('[data-testid="veracall-note"]')!;

  it('Meet: the media element playing the track puts its badge on that tile, and the copy follows the state', () => {
    const [ada, bob] = tiles();
    const audio = document.createElement('audio');
    Object.defineProperty(audio, 'srcObject', { value: { getAudioTracks: () => [{ id: 'track-bob' }] } });
    bob!.append(audio);
    const s = new CaptureSession('meet', ADAPTERS.meet, new Overlay(document), links().l);
    s.apply(settings(true));
    s.track(1, 48000, 'webrtc', port(), 'track-bob');
    s.attribute(document);
    expect(tileBadge(ada!)).toBeNull();
    const copy = tileBadge(bob!)!;
    expect(copy.dataset.streamId).toBe(s.streamIds[0]);
    s.update({ streamId: s.streamIds[0]!, tabId: 1, site: 'meet', state: 'synthetic', pSpoof: 0.9, windowP: 0.9, engine: { kind: 'browser', label: 'x', model: 'lite' }, t: 0 });
    expect(copy.dataset.state).toBe('synthetic');
    expect(copy.shadowRoot!.textContent).toContain('Likely synthetic · 90%');
    expect(badges()).toHaveLength(1); // the call panel keeps the full badge
    expect(note().hidden).toBe(true);
  });

  it('Meet: without a media element in a tile, the attributed name finds the tile', async () => {
    const [ada, bob] = tiles();
    ada!.querySelector('[data-self-name]')!.insertAdjacentHTML('afterend', '<div class="speaking"></div>');
    const s = new CaptureSession('meet', ADAPTERS.meet, new Overlay(document), links().l);
    s.apply(settings(true));
    const ch = new MessageChannel();
    s.track(1, 48000, 'webrtc', ch.port1, 'not-in-the-dom');
    s.attribute(document); // silent so far: not attributed, so no tile yet
    expect(tileBadge(ada!)).toBeNull();
    expect(note().textContent).toMatch(/not yet matched/);
    for (let i = 0; i < 50; i++) ch.port2.postMessage(new Float32Array(480).fill(0.3));
    await new Promise((r) => setTimeout(r, 50));
    s.attribute(document); // the one sounding stream + the one speaking tile = Ada
    expect(tileBadge(ada!)).not.toBeNull();
    expect(tileBadge(bob!)).toBeNull();
    expect(note().hidden).toBe(true);
  });

  it('Teams (one mixed track) keeps the call panel and says why', () => {
    document.body.innerHTML = '<div data-cid="calling-participant-stream"><span data-tid="participant-name">Ada</span></div>';
    const s = new CaptureSession('teams', ADAPTERS.teams, new Overlay(document), links().l);
    s.apply({ ...settings(true), sites: { ...DEFAULT_SETTINGS.sites } });
    s.track(1, 48000, 'webrtc', port(), 't1');
    s.attribute(document);
    expect(document.querySelector('veracall-tile-badge')).toBeNull();
    expect(note().textContent).toMatch(/one mixed track/);
  });

  it('an unknown page layout keeps the call panel and says the tiles were not found', () => {
    document.body.innerHTML = '<main><div class="tile">Ada</div></main>';
    const s = new CaptureSession('meet', ADAPTERS.meet, new Overlay(document), links().l);
    s.apply(settings(true));
    s.track(1, 48000, 'webrtc', port(), 't1');
    s.attribute(document);
    expect(note().textContent).toMatch(/No participant tiles found/);
    expect(badges()).toHaveLength(1);
  });
});
