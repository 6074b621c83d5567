import { describe, expect, it } from 'vitest';
import { ADAPTERS, siteForUrl } from '.';

function dom(html: string): ParentNode {
  const d = document.createElement('div');
  d.innerHTML = html;
  return d;
}

// Small fixtures shaped like each site's participant tiles (see the adapters' comments).
const FIXTURES = {
  meet: `<div data-participant-id="spaces/1"><div data-self-name>Ada Lovelace</div><div class="speaking"></div></div>
         <div data-participant-id="spaces/2"><div data-self-name>Bob</div></div>`,
  zoom: `<div class="speaker-active-container__video-frame"><div class="video-avatar__avatar-footer"><span>Ada Lovelace</span></div></div>
         <div class="speaker-bar-container__video-frame"><div class="video-avatar__avatar-footer"><span>Bob</span></div></div>`,
  teams: `<div data-cid="calling-participant-stream"><span data-tid="participant-name">Ada Lovelace</span><div data-tid="voice-level-stream-outline" data-speaking="true"></div></div>
          <div data-cid="calling-participant-stream" aria-label="Bob, muted"><div data-tid="voice-level-stream-outline"></div></div>`,
  demo: `<div data-veracall-participant="Ada Lovelace" data-speaking="true"></div><div data-veracall-participant="Bob"></div>`,
} as const;

describe('site adapters', () => {
  for (const site of ['meet', 'zoom', 'teams', 'demo'] as const) {
    it(`${site}: finds the participants and who is speaking`, () => {
      const root = dom(FIXTURES[site]);
      expect(ADAPTERS[site].participants(root)).toEqual(['Ada Lovelace', 'Bob']);
      expect(ADAPTERS[site].speaking(root)).toEqual(['Ada Lovelace']);
    });
    it(`${site}: an unknown DOM gives no tiles (detection carries on call-level)`, () => {
      const root = dom('<main><div class="tile">Ada</div></main>');
      expect(ADAPTERS[site].participants(root)).toEqual([]);
      expect(ADAPTERS[site].speaking(root)).toEqual([]);
    });
  }

  it('maps URLs to sites', () => {
    expect(siteForUrl('https://meet.google.com/abc-defg-hij')).toBe('meet');
    expect(siteForUrl('https://us05web.zoom.us/wc/123/join')).toBe('zoom');
    expect(siteForUrl('https://zoom.us/wc/123/join')).toBe('zoom');
    expect(siteForUrl('https://teams.microsoft.com/v2/')).toBe('teams');
    expect(siteForUrl('https://teams.live.com/meet/1')).toBe('teams');
    expect(siteForUrl('https://teams.cloud.microsoft/')).toBe('teams');
    expect(siteForUrl('http://127.0.0.1:5173/call.html')).toBe('demo');
    expect(siteForUrl('https://evil.example/meet.google.com')).toBeNull();
    expect(siteForUrl('https://zoom.us.evil.example/')).toBeNull();
  });
});
