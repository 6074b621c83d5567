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
  it('shows a badge per stream with state, score and engine, in an open shadow root', () => {
    document.body.innerHTML = '';
    const o = new Overlay(document);
    o.addStream('s1', 'Ada');
    o.update(upd('human', 0.12));
    const badge = shadow()!.querySelector<HTMLElement>('[data-testid="veracall-badge"]')!;
    expect(badge.dataset.state).toBe('human');
    expect(badge.textContent).toContain('Ada');
    expect(badge.textContent).toContain('12 %');
    expect(badge.textContent).toContain('onnxruntime-web');
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
    expect(live.textContent).toMatch(/likely synthetic/i);
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
    expect(shadow()!.querySelector('[data-testid="veracall-badge"]')!.textContent).toMatch(/No model/);
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
