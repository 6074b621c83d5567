/**
 * Each site's code path, on local stand-ins served under the real host names (host
 * resolver rules + a self-signed certificate): the content scripts' matches, the site
 * adapters' tiles, attribution, and Zoom's Web Audio path. PLUMBING: runs the TEST FIXTURE
 * build, so only presence and labels are checked, never verdicts.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthVoiceWav } from './audio';
import { collectStates, FIXTURE_EXT, launch, readBadges, removeTmpDirs, tmp, waitForBadges, type Launched } from './harness';
import { startSiteServer } from './site-server';

/** Screenshots for a person to look at (not compared): VERACALL_SHOTS or a temp folder. */
const SHOTS = process.env.VERACALL_SHOTS ?? tmp('veracall-shots-');
mkdirSync(SHOTS, { recursive: true });

let server: Server;
let b: Launched;

beforeAll(async () => {
  const dir = tmp('veracall-e2e-sites-');
  const wav = synthVoiceWav(dir, 'Good morning. This is the weekly status call, and I have three updates for the team today.');
  const s = await startSiteServer(dir, wav);
  server = s.server;
  b = await launch(FIXTURE_EXT, wav, { args: s.browserArgs });
});
afterAll(async () => {
  await b?.close();
  server?.close();
  removeTmpDirs();
});

describe('site code paths (test-fixture build)', () => {
  it('Meet: a remote WebRTC track is attributed to the speaking tile', async () => {
    const page = await b.context.newPage();
    await page.goto('https://meet.google.com/abc-defg-hij');
    const badges = await waitForBadges(page, (x) => x[0]?.text.includes('Ada Lovelace') ?? false, 20_000);
    expect(badges).toHaveLength(1);
    // A copy of the badge sits on Ada's tile (not on the quiet participant's).
    const onTile = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('[data-participant-id]')].map((t) => ({
          name: t.querySelector('[data-self-name]')?.textContent,
          badge: t.querySelector('veracall-tile-badge')?.shadowRoot?.textContent ?? null,
        })),
      );
    await page.waitForFunction(() => document.querySelector('[data-participant-id] veracall-tile-badge') !== null, null, { timeout: 5_000 });
    expect(await onTile()).toEqual([
      { name: 'Ada Lovelace', badge: expect.any(String) },
      { name: 'Someone quiet', badge: null },
    ]);
    // The tile copy follows the panel badge once the stream is scored.
    const scored = await waitForBadges(page, (x) => x[0]?.state !== 'listening', 30_000);
    await page.waitForFunction((st) => document.querySelector<HTMLElement>('veracall-tile-badge')?.dataset.state === st, scored[0]!.state, { timeout: 3_000 });
    await page.screenshot({ path: join(SHOTS, 'meet-tile-badge.png') });
    await page.evaluate(() => document.querySelector('veracall-overlay')?.shadowRoot?.querySelector<HTMLElement>('[data-testid="veracall-badge"]')?.click());
    await page.waitForTimeout(3_000);
    await page.screenshot({ path: join(SHOTS, 'meet-badge-details.png') });
    await page.close();
  });

  it('Teams: the mixed track gets a call-level badge listing who speaks', async () => {
    const page = await b.context.newPage();
    await page.goto('https://teams.microsoft.com/v2/');
    await waitForBadges(page, (x) => x[0]?.text.includes('Call audio · Ada Lovelace') ?? false, 20_000);
    // One mixed track: no badge on a tile, and the panel says why.
    expect(await page.evaluate(() => document.querySelector('veracall-tile-badge'))).toBeNull();
    const note = await page.evaluate(() => document.querySelector('veracall-overlay')?.shadowRoot?.querySelector('[data-testid="veracall-note"]')?.textContent);
    expect(note).toMatch(/one mixed track/);
    await page.close();
  });

  it('Zoom: audio played through Web Audio (no WebRTC) is tapped; the monitored microphone is not', async () => {
    const page = await b.context.newPage();
    await page.goto('https://us05web.zoom.us/wc/123456/join?path=webaudio');
    const badges = await waitForBadges(page, (x) => x.some((y) => y.state !== 'listening'), 20_000);
    expect(badges).toHaveLength(1);
    expect(badges[0]!.text).toMatch(/Call audio/);
    await collectStates(page, 3_000);
    expect(await readBadges(page)).toHaveLength(1);
    await page.close();
  });

  it('Zoom: the WebRTC path works as well, and a track also played through Web Audio is analysed once', async () => {
    const page = await b.context.newPage();
    await page.goto('https://us05web.zoom.us/wc/123456/join');
    await waitForBadges(page, (x) => x.length === 1, 20_000);
    await collectStates(page, 3_000);
    expect(await readBadges(page)).toHaveLength(1);
    await page.close();
  });

  it('switching the site or the badges off in the options applies to the open call at once, and back on', async () => {
    const page = await b.context.newPage();
    await page.goto('https://meet.google.com/abc-defg-hij');
    await waitForBadges(page, (x) => x.length === 1, 20_000);
    const options = await b.context.newPage();
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    const toggle = async (id: string) => {
      await options.locator(`[data-testid="${id}"]`).click();
      await options.waitForTimeout(300);
    };
    const overlayPresent = () => page.evaluate(() => document.querySelector('veracall-overlay') !== null);

    await toggle('overlay-enabled'); // off
    await page.waitForFunction(() => document.querySelector('veracall-overlay') === null, null, { timeout: 5_000 });
    await toggle('overlay-enabled'); // on: the same badge comes back, no reload
    await waitForBadges(page, (x) => x.length === 1, 5_000);

    await toggle('site-meet'); // off: streams end, badge goes
    await waitForBadges(page, (x) => x.length === 0, 5_000);
    expect(await overlayPresent()).toBe(false);
    await toggle('site-meet'); // on: the live track gets a fresh stream
    await waitForBadges(page, (x) => x.length === 1, 10_000);
    await options.close();
    await page.close();
  });
});
