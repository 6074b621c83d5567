import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
/** The real build (what users get): models/lite.onnx bundled when present. */
export const REAL_EXT = join(ROOT, '.output/chrome-mv3');
/** PLUMBING ONLY: a build with the RMS test fixture instead of a detector (labelled "TEST FIXTURE"). */
export const FIXTURE_EXT = join(ROOT, '.output/e2e-fixture/chrome-mv3');
/** A build whose model folder is empty: the extension must say "no model", never score. */
export const NOMODEL_EXT = join(ROOT, '.output/e2e-nomodel/chrome-mv3');
export const HAS_LITE_MODEL = existsSync(join(ROOT, 'models/lite.onnx')) && existsSync(join(ROOT, 'models/lite.json'));

export function buildExtension(kind: 'real' | 'fixture' | 'nomodel', fixtureDir?: string): string {
  // Test builds watch the local stand-in pages; outside vitest (bench/extension.ts) nothing else sets this.
  const env: NodeJS.ProcessEnv = { ...process.env, WXT_DEMO_HOSTS: process.env.WXT_DEMO_HOSTS ?? '1' };
  if (kind === 'fixture') {
    Object.assign(env, { VERACALL_OUT_DIR: '.output/e2e-fixture', VERACALL_FIXTURE_MODEL_DIR: fixtureDir, WXT_ALLOW_FIXTURE_MODEL: '1' });
  } else if (kind === 'nomodel') {
    Object.assign(env, { VERACALL_OUT_DIR: '.output/e2e-nomodel', VERACALL_FIXTURE_MODEL_DIR: tmp('veracall-empty-models-') });
  }
  try {
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, env, stdio: 'pipe' });
  } finally {
    if (kind === 'nomodel') rmSync(env.VERACALL_FIXTURE_MODEL_DIR!, { recursive: true, force: true });
  }
  return { real: REAL_EXT, fixture: FIXTURE_EXT, nomodel: NOMODEL_EXT }[kind];
}

export interface Launched {
  context: BrowserContext;
  userDir: string;
  extensionId: string;
  close(): Promise<void>;
}

export async function launch(extPath: string, fakeAudio?: string, opts: { loop?: boolean; args?: string[] } = {}): Promise<Launched> {
  const userDir = tmp('veracall-e2e-profile-');
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--disable-extensions-except=${extPath}`,
    `--load-extension=${extPath}`,
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
    '--allow-loopback-in-peer-connection',
  ];
  args.push(...(opts.args ?? []));
  if (process.env.VERACALL_JS_FLAGS) args.push(`--js-flags=${process.env.VERACALL_JS_FLAGS}`);
  if (fakeAudio) args.push(`--use-file-for-fake-audio-capture=${fakeAudio}${opts.loop === false ? '%noloop' : ''}`);
  const context = await chromium.launchPersistentContext(userDir, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args });
  let sw = context.serviceWorkers()[0];
  sw ??= await context.waitForEvent('serviceworker', { timeout: 20000 });
  const extensionId = new URL(sw.url()).host;
  const close = async () => {
    await context.close();
    rmSync(userDir, { recursive: true, force: true }); // a Chromium profile is several MB
  };
  return { context, userDir, extensionId, close };
}

export interface BadgeInfo {
  state: string;
  text: string;
  engine: string;
}

/** Badges in the overlay's (open) shadow root. */
export function readBadges(page: Page): Promise<BadgeInfo[]> {
  return page.evaluate(() => {
    const host = document.querySelector('veracall-overlay');
    const badges = host?.shadowRoot?.querySelectorAll<HTMLElement>('[data-testid="veracall-badge"]') ?? [];
    return [...badges].map((b) => ({ state: b.dataset.state ?? '', text: b.textContent ?? '', engine: b.dataset.engineLabel ?? '' }));
  });
}

/** Polls the badges until `pred` holds; returns the badges then (or throws with the last seen). */
export async function waitForBadges(page: Page, pred: (b: BadgeInfo[]) => boolean, timeoutMs: number): Promise<BadgeInfo[]> {
  const end = Date.now() + timeoutMs;
  let last: BadgeInfo[] = [];
  while (Date.now() < end) {
    last = await readBadges(page);
    if (pred(last)) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`badges never matched; last seen: ${JSON.stringify(last)}`);
}

/** All badge states seen while polling for `ms` (to check a state was never reached). */
export async function collectStates(page: Page, ms: number): Promise<string[]> {
  const seen = new Set<string>();
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (const b of await readBadges(page)) seen.add(b.state);
    await page.waitForTimeout(250);
  }
  return [...seen];
}

/** Moves the options page's custom-threshold slider as a user would (React sees the events). */
export const setCustomThreshold = (options: Page, value: number) =>
  options.locator('[data-testid="custom-threshold"]').evaluate((el, v) => {
    const input = el as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(v));
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);

const made: string[] = [];

/**
 * A fresh temp folder, removed by `removeTmpDirs` (each test file's afterAll); the run's own
 * TMPDIR, which global-setup removes at the end, only catches what a file forgot.
 */
export const tmp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};

/** Removes the temp folders this test file made with `tmp`. */
export function removeTmpDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
