import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../sites';
import { attribute } from './attribution';

function dom(html: string): ParentNode {
  const d = document.createElement('div');
  d.innerHTML = html;
  return d;
}

const meetTiles = (speaking: string | null) =>
  dom(
    ['Ada', 'Bob'].map((n) => `<div data-participant-id="${n}"><span data-self-name>${n}</span>${n === speaking ? '<div data-speaking="true"></div>' : ''}</div>`).join(''),
  );

describe('attribute', () => {
  it('labels the one active Meet stream with the one speaking tile', () => {
    const c = attribute(ADAPTERS.meet, meetTiles('Bob'), [
      { id: 'a', active: false },
      { id: 'b', active: true },
    ]);
    expect([...c]).toEqual([['b', 'Bob']]);
  });

  it('does not guess when two streams are active', () => {
    const c = attribute(ADAPTERS.meet, meetTiles('Bob'), [
      { id: 'a', active: true },
      { id: 'b', active: true },
    ]);
    expect(c.size).toBe(0);
  });

  it('keeps a call-level badge (no change) when the DOM has no tiles any more', () => {
    const c = attribute(ADAPTERS.meet, dom('<div class="redesigned"></div>'), [{ id: 'a', active: true, label: 'Ada' }]);
    expect(c.size).toBe(0);
  });

  it('lists the current speakers on a mixed Teams stream', () => {
    const root = dom(`
      <div data-cid="calling-participant-stream"><span data-tid="participant-name">Chen</span><div data-tid="voice-level-stream-outline" data-speaking="true"></div></div>
      <div data-cid="calling-participant-stream"><span data-tid="participant-name">Dee</span><div data-tid="voice-level-stream-outline"></div></div>`);
    const c = attribute(ADAPTERS.teams, root, [{ id: 'mix', active: true }]);
    expect(c.get('mix')).toBe('Call audio · Chen');
  });
});
