import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bonafideWav, synthVoiceWav } from './audio';
import { FIXTURE_EXT, HAS_LITE_MODEL, launch, REAL_EXT, setCustomThreshold, tmp, type Launched } from './harness';

const dir = tmp('veracall-e2e-files-');
const tts = synthVoiceWav(dir, 'Please confirm the wire transfer to the new account before five o clock today. Thank you.');
const bona = bonafideWav(dir);

async function analyse(b: Launched, file: string): Promise<{ verdict: string; score: number; text: string; page: Page }> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/popup.html`);
  await page.locator('[data-testid="file-input"]').setInputFiles(file);
  const v = page.locator('[data-testid="verdict"]');
  await v.waitFor({ timeout: 90_000 });
  const verdict = (await v.getAttribute('data-verdict')) ?? '';
  const score = Number(await page.locator('[data-testid="score"]').getAttribute('data-score'));
  const text = await page.locator('body').innerText();
  await page.close();
  return { verdict, score, text, page };
}

/** Sets a control on the options page the way a user would (React sees the input event). */
async function onOptions(b: Launched, act: (p: Page) => Promise<void>): Promise<void> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/options.html`);
  await page.locator('[data-testid="preset-balanced"]').waitFor();
  await act(page);
  await page.waitForTimeout(300); // storage write
  await page.close();
}

describe('popup file analysis — PLUMBING with the TEST FIXTURE build', () => {
  let b: Launched;
  beforeAll(async () => {
    b = await launch(FIXTURE_EXT);
  });
  afterAll(() => b?.close());

  it('decodes a file, analyses it in the offscreen document and shows a verdict', async () => {
    const r = await analyse(b, tts);
    expect(['human', 'suspicious', 'synthetic']).toContain(r.verdict);
    expect(r.text).toContain('TEST FIXTURE');
  });
});

describe.skipIf(!HAS_LITE_MODEL)('popup file analysis with the real lite model', () => {
  let b: Launched;
  beforeAll(async () => {
    b = await launch(REAL_EXT);
  });
  afterAll(() => b?.close());

  it('flags a synthetic (espeak-ng) recording', async () => {
    const r = await analyse(b, tts);
    expect(['suspicious', 'synthetic']).toContain(r.verdict);
  });

  it.skipIf(!bona)('passes a bona fide recording from the corpus', async () => {
    const r = await analyse(b, bona!);
    expect(r.verdict).toBe('human');
  });

  it('changing sensitivity in the options changes the verdict', async () => {
    // Use whichever file scores in the middle, where the threshold decides.
    const files = [tts, ...(bona ? [bona] : [])];
    const scored = await Promise.all(files.map(async (f) => ({ f, ...(await analyse(b, f)) })));
    const mid = scored.find((s) => s.score > 0.03 && s.score < 0.95) ?? scored[0]!;
    const logit = (p: number) => Math.log(p / (1 - p));
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    const low = Math.max(0.01, Math.min(0.99, Math.floor(mid.score * 100 - 1) / 100));
    const high = Math.min(0.99, Math.ceil(sig(logit(mid.score) + Math.log(4) + 0.2) * 100) / 100);

    await onOptions(b, (p) => setCustomThreshold(p, low));
    const strict = await analyse(b, mid.f);
    await onOptions(b, (p) => setCustomThreshold(p, high));
    const lenient = await analyse(b, mid.f);
    expect(strict.verdict).toBe('synthetic');
    expect(lenient.verdict).not.toBe(strict.verdict);

    // The named presets reach the analysis too (their thresholds come from the sidecar).
    await onOptions(b, (p) => p.locator('[data-testid="preset-sensitive"]').check());
    const sensitive = await analyse(b, mid.f);
    await onOptions(b, (p) => p.locator('[data-testid="preset-conservative"]').check());
    const conservative = await analyse(b, mid.f);
    expect(sensitive.text).toMatch(/\(sensitive\)/);
    expect(conservative.text).toMatch(/\(conservative\)/);
    const rank = { human: 0, 'no-speech': 0, suspicious: 1, synthetic: 2 } as Record<string, number>;
    expect(rank[sensitive.verdict]).toBeGreaterThanOrEqual(rank[conservative.verdict]!);
  });
});
