/**
 * Each site's code path, on local stand-ins served under the real host names (host
 * resolver rules + a self-signed certificate): the content scripts' matches, the site
 * adapters' tiles, attribution, and Zoom's Web Audio path. PLUMBING: runs the TEST FIXTURE
 * build, so only presence and labels are checked, never verdicts.
 */
import type { Server } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthVoiceWav } from './audio';
import { collectStates, FIXTURE_EXT, launch, readBadges, tmp, waitForBadges, type Launched } from './harness';
import { startSiteServer } from './site-server';

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
});

describe('site code paths (test-fixture build)', () => {
  it('Meet: a remote WebRTC track is attributed to the speaking tile', async () => {
    const page = await b.context.newPage();
    await page.goto('https://meet.google.com/abc-defg-hij');
    const badges = await waitForBadges(page, (x) => x[0]?.text.includes('Ada Lovelace') ?? false, 20_000);
    expect(badges).toHaveLength(1);
    await page.close();
  });

  it('Teams: the mixed track gets a call-level badge listing who speaks', async () => {
    const page = await b.context.newPage();
    await page.goto('https://teams.microsoft.com/v2/');
    await waitForBadges(page, (x) => x[0]?.text.includes('Call audio · Ada Lovelace') ?? false, 20_000);
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
});
