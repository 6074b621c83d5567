/**
 * The Firefox MV3 build, for real: Debian's firefox-esr over WebDriver BiDi (puppeteer-core).
 * PLUMBING with the TEST FIXTURE build: the extension loads, popup and options render, and
 * a live call on the demo page gets a badge (Firefox runs inference in the background page
 * instead of an offscreen document). Skipped with a message when firefox-esr is absent.
 */
import type { Server } from 'node:http';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFirefoxFixture, FIREFOX, HAVE_FIREFOX, launchFirefox, openExtensionPage, readFirefoxBadges, type FirefoxLaunched } from './firefox-harness';
import { startServer } from './serve';

if (!HAVE_FIREFOX) console.warn(`firefox e2e: SKIPPED, no Firefox at ${FIREFOX} (apt-get install firefox-esr, or set FIREFOX_PATH)`);

describe.skipIf(!HAVE_FIREFOX)('Firefox MV3 build (test-fixture build)', () => {
  let ff: FirefoxLaunched;
  let server: Server;
  let site: string;
  beforeAll(async () => {
    ({ server, url: site } = await startServer());
    ff = await launchFirefox(buildFirefoxFixture());
  }, 300_000);
  afterAll(async () => {
    await ff?.close();
    server?.close();
  });

  it('the popup renders', async () => {
    const page = await openExtensionPage(ff, 'popup.html', '[data-testid="file-input"]');
    expect(await page.$eval('h1', (h) => h.textContent)).toBe('Veracall');
    await page.waitForSelector('[data-testid="call-status"]');
    if (process.env.VERACALL_SHOTS) await page.screenshot({ path: `${process.env.VERACALL_SHOTS}/firefox-popup.png` });
    await page.close();
  });

  it('the options page renders and saves a change', async () => {
    const page = await openExtensionPage(ff, 'options.html', '[data-testid="preset-balanced"]');
    await page.click('[data-testid="preset-conservative"]');
    await new Promise((r) => setTimeout(r, 500)); // storage write
    await page.close();
    const again = await openExtensionPage(ff, 'options.html', '[data-testid="preset-balanced"]');
    await again.waitForFunction(() => document.querySelector<HTMLInputElement>('[data-testid="preset-conservative"]')?.checked === true, { timeout: 10_000 });
    if (process.env.VERACALL_SHOTS) await again.screenshot({ path: `${process.env.VERACALL_SHOTS}/firefox-options.png` });
    await again.close();
  });

  const badgesOn = async (page: Page, pred: (b: { state: string; text: string; engine: string }[]) => boolean, ms: number) => {
    const end = Date.now() + ms;
    let last: { state: string; text: string; engine: string }[] = [];
    while (Date.now() < end) {
      last = await readFirefoxBadges(page);
      if (pred(last)) return last;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`badges never matched; last seen: ${JSON.stringify(last)}`);
  };

  it("a live call on the demo page gets a badge, answered by the background page's engine", async () => {
    const page = await ff.browser.newPage();
    // A synthetic voice (espeak-ng, made by the demo server) joins as a remote participant:
    // Firefox's fake microphone is a tone, which the voice detector rightly ignores.
    await page.goto(`${site}/call.html?loop=1`);
    await page.click('#synthetic');
    const first = await badgesOn(page, (b) => b.length === 1, 30_000);
    expect(first[0]!.text).toMatch(/Remote audio|Synthetic voice/);
    // The engine's label arrives in a stream.update from Firefox's background page.
    await badgesOn(page, (b) => /onnxruntime-web\/wasm.*TEST FIXTURE/.test(b[0]?.engine ?? ''), 30_000);
    if (process.env.VERACALL_SHOTS) await page.screenshot({ path: `${process.env.VERACALL_SHOTS}/firefox-badge.png` });
    await page.close();
  });

  // Runs because the harness selects Gecko's mock audio backend (media.cubeb.force_mock_context):
  // without a sound server no AudioContext runs in headless Firefox, and neither the stand-in's
  // voice nor our tap's worklet produce a sample.
  it('the live call is scored in Firefox by the background page\'s engine', async () => {
    const page = await ff.browser.newPage();
    await page.goto(`${site}/call.html?loop=1`);
    await page.click('#synthetic');
    const scored = await badgesOn(page, (b) => ['human', 'suspicious', 'synthetic'].includes(b[0]?.state ?? ''), 60_000);
    // A verdict from scored windows, by the fixture model running in Firefox's background page.
    expect(scored[0]!.engine).toMatch(/onnxruntime-web\/wasm.*TEST FIXTURE/);
    await page.close();
  });
});
