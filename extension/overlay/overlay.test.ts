import { describe, expect, it } from 'vitest';
import type { StreamUpdate } from '../messaging/protocol';
import { Overlay } from './overlay';

const upd = (state: StreamUpdate['state'], pSpoof: number | null, windowP = pSpoof): StreamUpdate => ({
  streamId: 's1',
  tabId: 1,
  site: 'meet',
  state,
  pSpoof,
  windowP,
  engine: { kind: 'browser', label: 'onnxruntime-web/wasm×2 · Lite', model: 'lite' },
  t: 0,
});

function shadow() {
  const host = document.querySelector('veracall-overlay');
  return host?.shadowRoot ?? null;
}

describe('overlay', () => {
  it('shows a badge per stream in plain words: state and chance of synthesis, never "human", no engine jargon', () => {
    document.body.innerHTML = '';
    const o = new Overlay(document);
    o.addStream('s1', 'Ada');
    o.update(upd('human', 0.65));
    const badge = shadow()!.querySelector<HTMLElement>('[data-testid="veracall-badge"]')!;
    expect(badge.dataset.state).toBe('human');
    const visible = [...badge.querySelectorAll<HTMLElement>('.who, .state, .chance')].map((e) => e.textContent).join(' | ');
    expect(visible).toBe('Ada | No signs of synthesis so far | chance of synthesis 65%');
    expect(visible).not.toMatch(/human|verified/i);
    // The engine is only in the details view (and in data attributes, for tools reading the badge).
    expect(badge.textContent).not.toMatch(/onnxruntime/);
    expect(badge.dataset.engineLabel).toMatch(/onnxruntime-web/);
    expect(badge.getAttribute('aria-label')).toBe('Ada: No signs of synthesis so far, chance of synthesis 65%. Press Enter for details.');
    badge.click();
    expect(shadow()!.querySelector('[data-testid="veracall-details"]')!.textContent).toContain('onnxruntime-web');
  });

  it('shows no number while listening, and marks a test-fixture build on the badge', () => {
    document.body.innerHTML = '';
    const o = new Overlay(document);
    o.addStream('s1', 'Ada');
    o.update({ ...upd('listening', null, 0.3), engine: { kind: 'browser', label: 'onnxruntime-web/wasm · TEST FIXTURE', model: 'fixture' } });
    const badge = shadow()!.querySelector<HTMLElement>('[data-testid="veracall-badge"]')!;
    expect(badge.querySelector('.state')!.textContent).toBe('Listening…');
    expect(badge.querySelector('.chance')).toBeNull();
    expect(badge.querySelector('.fixture')!.textContent).toMatch(/TEST FIXTURE/);
  });

  it('the details chart has axes with ticks, axis titles and a labelled threshold', () => {
    document.body.innerHTML = '';
    const o = new Overlay(document);
    o.addStream('s1', 'Ada');
    for (let i = 0; i < 5; i++) o.update({ ...upd('suspicious', 0.6, 0.5 + i / 10), t: 1000 * i, threshold: 0.89 });
    shadow()!.querySelector<HTMLButtonElement>('[data-testid="veracall-badge"]')!.click();
    const svg = shadow()!.querySelector('[data-testid="veracall-timeline"]')!;
    const labels = [...svg.querySelectorAll('text')].map((t) => t.textContent);
    expect(labels).toEqual(expect.arrayContaining(['0%', '50%', '100%', 'now', 'time (seconds ago)', 'chance of synthesis', 'threshold 89%']));
    expect(labels.some((l) => /^−\d+ s$/.test(l ?? ''))).toBe(true);
    expect(svg.querySelectorAll('line.axis')).toHaveLength(2);
    expect(svg.getAttribute('aria-label')).toMatch(/5 speech windows, 1 at or above the threshold of 89%/);
  });

  it('the screen-reader announcement follows the badge back when a warning clears', () => {
    document.body.innerHTML = '';
    const o = new Overlay(document);
    o.addStream('s1', 'Ada');
    o.update(upd('suspicious', 0.6));
    const live = shadow()!.querySelector('[data-testid="veracall-announcement"]')!;
    expect(live.textContent).toBe('Warning: Ada: Suspicious, chance of synthesis 60%.');
    o.update(upd('human', 0.2));
    expect(live.textContent).toBe('Ada: No signs of synthesis so far (no longer suspicious).');
    expect(live.textContent).not.toMatch(/Warning/);
  });

  it('announces a warning through the aria-live region once, when it turns to a warning', () => {
    document.body.innerHTML = '';
    const o = new Overlay(document);
    o.addStream('s1', 'Ada');
    o.update(upd('human', 0.1));
    const live = shadow()!.querySelector('[data-testid="veracall-announcement"]')!;
    expect(live.getAttribute('aria-live')).toBe('assertive');
    expect(live.textContent).toBe('');
    o.update(upd('synthetic', 0.9));
    expect(live.textContent).toMatch(/Warning: Ada: Likely synthetic, chance of synthesis 90%/);
  });

  it('is keyboard accessible: Enter/Space (click) toggles details with a timeline, Escape closes', () => {
    document.body.innerHTML = '';
    const o = new Overlay(document);
    o.addStream('s1', 'Ada');
    o.update(upd('suspicious', 0.4));
    const root = shadow()!;
    const badge = root.querySelector<HTMLButtonElement>('[data-testid="veracall-badge"]')!;
    const details = root.querySelector<HTMLElement>('[data-testid="veracall-details"]')!;
    expect(badge.tagName).toBe('BUTTON'); // natively focusable; Enter and Space fire click
    expect(details.hidden).toBe(true);
    badge.click();
    expect(details.hidden).toBe(false);
    expect(badge.getAttribute('aria-expanded')).toBe('true');
    expect(details.querySelector('svg polyline')).not.toBeNull();
    badge.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(details.hidden).toBe(true);
  });

  it('says "no model" instead of a verdict when the build has no model', () => {
    document.body.innerHTML = '';
    const o = new Overlay(document);
    o.addStream('s1', 'Ada');
    o.update({ ...upd('listening', null), engine: { kind: 'browser', label: 'No model: this build has no lite model', model: 'none' } });
    expect(shadow()!.querySelector('[data-testid="veracall-badge"]')!.textContent).toMatch(/No model: detection is off/);
  });

  it('the close button removes the overlay for this call', () => {
    document.body.innerHTML = '';
    const o = new Overlay(document);
    o.addStream('s1', 'Ada');
    shadow()!.querySelector<HTMLButtonElement>('[data-testid="veracall-close"]')!.click();
    expect(document.querySelector('veracall-overlay')).toBeNull();
    o.addStream('s2', 'Bob');
    expect(document.querySelector('veracall-overlay')).toBeNull();
    // Once this call's streams end, the next call shows the overlay again.
    o.removeStream('s1');
    o.removeStream('s2');
    o.addStream('s3', 'Cy');
    expect(document.querySelector('veracall-overlay')).not.toBeNull();
  });
});
