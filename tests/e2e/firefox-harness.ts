import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { writeFixtureModel } from '../fixtures/fixture-model';
import { ROOT, tmp } from './harness';

/**
 * Firefox: Debian's firefox-esr driven over WebDriver BiDi by puppeteer-core, with the
 * built extension installed as a temporary add-on. The extension's moz-extension:// UUID is
 * random per profile unless pinned by the `extensions.webextensions.uuids` pref.
 */
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const HAVE_FIREFOX = existsSync(FIREFOX);
export const GECKO_ID = 'veracall@veracall.app';
export const EXT_UUID = '5b1c9a57-7c0e-4a34-9d1e-6f5d3f0c2e11';
/** PLUMBING ONLY: the Firefox build with the RMS test fixture in place of a detector. */
export const FIREFOX_FIXTURE_EXT = join(ROOT, '.output/e2e-fixture/firefox-mv3');

/** Builds the Firefox MV3 test-fixture variant (skipped with VERACALL_E2E_REUSE=1 when present). */
export function buildFirefoxFixture(): string {
  if (process.env.VERACALL_E2E_REUSE === '1' && existsSync(join(FIREFOX_FIXTURE_EXT, 'manifest.json'))) return FIREFOX_FIXTURE_EXT;
  const dir = tmp('veracall-fixture-model-ff-');
  writeFixtureModel(dir, 'lite');
  const env = { ...process.env, VERACALL_OUT_DIR: '.output/e2e-fixture', VERACALL_FIXTURE_MODEL_DIR: dir, WXT_ALLOW_FIXTURE_MODEL: '1', WXT_DEMO_HOSTS: '1' };
  try {
    execFileSync('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { cwd: ROOT, env, stdio: 'pipe' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return FIREFOX_FIXTURE_EXT;
}

export interface FirefoxLaunched {
  browser: Browser;
  base: string;
  close(): Promise<void>;
}

export async function launchFirefox(extPath: string): Promise<FirefoxLaunched> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // Firefox 153+ lets WebDriver navigate to moz-extension:// pages only with system access.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXT_UUID }),
      // Fake microphone (a tone) without a permission prompt; autoplay allowed.
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      'media.autoplay.default': 0,
      'media.autoplay.blocking_policy': 0,
      // No sound server runs on a headless CI machine, so cubeb finds no output device and no
      // AudioContext ever runs (resume() never settles): the stand-in's voice and our tap's
      // worklet both produce nothing. Gecko's test-only mock audio backend runs the graph
      // without a device (force_null_context and the null/alsa backends do not).
      'media.cubeb.force_mock_context': true,
      // MV3 host permissions: granted at install, as a user accepting the install prompt would.
      'extensions.originControls.grantByDefault': true,
    },
  });
  await browser.installExtension(extPath);
  return { browser, base: `moz-extension://${EXT_UUID}`, close: () => browser.close() };
}

/**
 * Opens one of the extension's pages in a new tab. WebDriver BiDi's navigation to a
 * moz-extension:// page may never report its load (the tab moves to the extension process),
 * so the navigation is not awaited: the page's own content tells when it is there.
 */
export async function openExtensionPage(ff: FirefoxLaunched, path: string, readySelector: string): Promise<Page> {
  let last: unknown;
  // The switch to the extension process sometimes discards the tab's first browsing context: retry.
  for (let attempt = 0; attempt < 3; attempt++) {
    const page = await ff.browser.newPage();
    const nav = page.goto(`${ff.base}/${path}`, { waitUntil: 'domcontentloaded', timeout: 30_000 }).catch((e: unknown) => e);
    try {
      await page.waitForSelector(readySelector, { timeout: 20_000 });
      return page;
    } catch (e) {
      last = new Error(`${path}: ${readySelector} never appeared (url ${page.url()}; navigation: ${String(await Promise.race([nav, 'pending']))}): ${String(e)}`);
      await page.close().catch(() => undefined);
    }
  }
  throw last;
}

/** Badges in the overlay's open shadow root (state, visible text and the engine's label). */
export function readFirefoxBadges(page: Page): Promise<{ state: string; text: string; engine: string }[]> {
  return page.evaluate(() => {
    const host = document.querySelector('veracall-overlay');
    const badges = host?.shadowRoot?.querySelectorAll<HTMLElement>('[data-testid="veracall-badge"]') ?? [];
    return [...badges].map((b) => ({ state: b.dataset.state ?? '', text: b.textContent ?? '', engine: b.dataset.engineLabel ?? '' }));
  });
}
