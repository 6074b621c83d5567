/**
 * Companion hand-off: with the companion paired in the options page the live badge is
 * scored by the companion; when the companion goes away, the in-browser model takes over
 * without the badge going back to "listening". Needs the real lite model (both sides).
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer as startCompanion, type RunningCompanion } from '../../companion-server/src/server';
import { synthVoiceWav } from './audio';
import { HAS_LITE_MODEL, launch, readBadges, REAL_EXT, removeTmpDirs, tmp, waitForBadges, type Launched } from './harness';
import { startServer } from './serve';

describe.skipIf(!HAS_LITE_MODEL)('companion hand-off (real lite model)', () => {
  let companion: RunningCompanion;
  let b: Launched;
  let server: Server;
  let base: string;
  let wav: string;

  beforeAll(async () => {
    companion = await startCompanion({ port: 0, configDir: tmp('veracall-e2e-companion-'), logLevel: 'warn' }, { handleSignals: false });
    ({ server, url: base } = await startServer());
    wav = synthVoiceWav(tmp('veracall-e2e-audio-'), 'We are testing the companion hand off. The caller keeps speaking while the companion is switched off.');
    b = await launch(REAL_EXT, wav);
  });
  afterAll(async () => {
    await b?.close();
    server?.close();
    await companion?.close().catch(() => {});
    removeTmpDirs();
  });

  it('pairs in the options page, streams to the companion, and falls back without a gap', async () => {
    const opts = await b.context.newPage();
    await opts.goto(`chrome-extension://${b.extensionId}/options.html`);
    await opts.locator('[data-testid="companion-url"]').fill(companion.url.replace(/^http/, 'ws'));
    await opts.locator('[data-testid="companion-token"]').fill(companion.pairing.token);
    await opts.locator('[data-testid="companion-enabled"]').check();
    await opts.locator('[data-testid="companion-test"]').click();
    await opts.locator('[data-testid="companion-status"]').filter({ hasText: /ok|connected|paired|ready/i }).waitFor({ timeout: 15_000 });
    await opts.close();

    // A file checked in the popup goes to the companion's REST API (its engine answers).
    const popup = await b.context.newPage();
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html`);
    await popup.locator('[data-testid="file-input"]').setInputFiles(wav);
    await popup.locator('[data-testid="verdict"]').waitFor({ timeout: 60_000 });
    expect(await popup.locator('[data-testid="engine"]').innerText()).not.toMatch(/onnxruntime-web/);
    await popup.close();

    const page = await b.context.newPage();
    await page.goto(`${base}/call.html?auto=mic&name=Caller`);
    await waitForBadges(page, (x) => /companion/.test(x[0]?.engine ?? '') && x[0]!.state !== 'listening', 40_000);

    await companion.close();
    const states: string[] = [];
    const end = Date.now() + 30_000;
    let engine = '';
    while (Date.now() < end) {
      const [badge] = await readBadges(page);
      states.push(badge?.state ?? 'gone');
      engine = badge?.engine ?? '';
      if (/onnxruntime-web/.test(engine)) break;
      await page.waitForTimeout(200);
    }
    expect(engine).toMatch(/onnxruntime-web/);
    expect(states.filter((s) => s === 'listening' || s === 'gone')).toEqual([]);
  });
});
