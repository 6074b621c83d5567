/**
 * PLUMBING tests: these run the extension built with the RMS TEST FIXTURE instead of a
 * detector (its badges say "TEST FIXTURE"). They check capture → offscreen → badge, the
 * user's own microphone and the wrapper's invisibility — never verdict quality.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthVoiceWav } from './audio';
import { collectStates, FIXTURE_EXT, launch, NOMODEL_EXT, readBadges, removeTmpDirs, tmp, waitForBadges, type Launched } from './harness';
import { startServer } from './serve';
import type { Server } from 'node:http';

let server: Server;
let base: string;
let wav: string;

beforeAll(async () => {
  ({ server, url: base } = await startServer());
  wav = synthVoiceWav(tmp('veracall-e2e-audio-'), 'This is a test of the call plumbing. The remote participant keeps speaking for several seconds so that windows fill up.');
});
afterAll(() => {
  server?.close();
  removeTmpDirs();
});

describe('live capture plumbing (test-fixture build)', () => {
  let b: Launched;
  beforeAll(async () => {
    b = await launch(FIXTURE_EXT, wav);
  });
  afterAll(() => b?.close());

  it('shows a badge for the remote stream and scores it in the offscreen document', async () => {
    const page = await b.context.newPage();
    await page.goto(`${base}/call.html?auto=mic&name=Remote%20speaker`);
    const first = await waitForBadges(page, (x) => x.length === 1, 15_000);
    expect(first[0]!.text).toContain('Remote');
    const scored = await waitForBadges(page, (x) => x[0]?.state !== 'listening', 30_000);
    expect(scored[0]!.engine).toMatch(/onnxruntime-web\/wasm.* · TEST FIXTURE/);

    // Keyboard: the badge is focusable, Enter opens the details (timeline), Escape closes them.
    const details = page.locator('veracall-overlay [data-testid="veracall-details"]');
    await page.locator('veracall-overlay [data-testid="veracall-badge"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => details.isVisible()).toBe(true);
    expect(await page.locator('veracall-overlay [data-testid="veracall-timeline"]').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => details.isVisible()).toBe(false);
    await page.keyboard.press('Space');
    await expect.poll(() => details.isVisible()).toBe(true);

    // The close button removes the overlay for this call.
    await page.locator('veracall-overlay [data-testid="veracall-close"]').click();
    expect(await readBadges(page)).toEqual([]);
    await page.close();
  });

  it("never analyses the user's own microphone (captured, played locally, not received)", async () => {
    const page = await b.context.newPage();
    await page.goto(`${base}/call.html?auto=local`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('Local microphone'));
    expect(await collectStates(page, 8_000)).toEqual([]);
    expect(await readBadges(page)).toEqual([]);
    await page.close();
  });

  it('leaves RTCPeerConnection looking native to the page', async () => {
    const page = await b.context.newPage();
    await page.goto(`${base}/call.html`);
    const r = await page.evaluate(() => {
      const pc = new RTCPeerConnection();
      const out = {
        name: RTCPeerConnection.name,
        source: Function.prototype.toString.call(RTCPeerConnection),
        instance: pc instanceof RTCPeerConnection,
        ctor: pc.constructor === RTCPeerConnection,
        proto: Object.getPrototypeOf(pc) === RTCPeerConnection.prototype,
        statics: typeof RTCPeerConnection.generateCertificate,
        ownKeys: Object.getOwnPropertyNames(RTCPeerConnection).sort().join(','),
        // A pristine RTCPeerConnection from a fresh frame, where our script does not run.
        nativeKeys: '',
      };
      const frame = document.createElement('iframe');
      document.body.append(frame);
      const Pristine = (frame.contentWindow as unknown as { RTCPeerConnection: typeof RTCPeerConnection }).RTCPeerConnection;
      out.nativeKeys = Object.getOwnPropertyNames(Pristine).sort().join(',');
      frame.remove();
      pc.close();
      return out;
    });
    expect(r).toMatchObject({ name: 'RTCPeerConnection', instance: true, ctor: true, proto: true, statics: 'function' });
    expect(r.source).toBe('function RTCPeerConnection() { [native code] }');
    expect(r.ownKeys).toBe(r.nativeKeys);
    await page.close();
  });

  it('ends the badge when the call hangs up', async () => {
    const page = await b.context.newPage();
    await page.goto(`${base}/call.html?auto=mic`);
    await waitForBadges(page, (x) => x.length === 1, 15_000);
    await page.click('#hangup');
    await waitForBadges(page, (x) => x.length === 0, 10_000);
    await page.close();
  });
});

describe('a build without a model', () => {
  it('says "no model" on the badge and in the popup instead of scoring', async () => {
    const b = await launch(NOMODEL_EXT, wav);
    try {
      const page = await b.context.newPage();
      await page.goto(`${base}/call.html?auto=mic`);
      const badges = await waitForBadges(page, (x) => /No model/.test(x[0]?.text ?? ''), 20_000);
      expect(badges[0]!.state).toBe('listening');
      expect(await collectStates(page, 3_000)).toEqual(['listening']);
      const popup = await b.context.newPage();
      await popup.goto(`chrome-extension://${b.extensionId}/popup.html`);
      await popup.locator('[data-testid="call-status"]').filter({ hasText: /no model/i }).waitFor({ timeout: 10_000 });
      await popup.locator('[data-testid="file-input"]').setInputFiles(wav);
      await popup.locator('[data-testid="analysis-error"]').filter({ hasText: /no model/i }).waitFor({ timeout: 20_000 });
    } finally {
      await b.close();
    }
  });
});
