import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bonafideWav, CORPUS, middlingVoiceWavs, synthVoiceWav } from './audio';
import { FIXTURE_EXT, HAS_LITE_MODEL, launch, REAL_EXT, setCustomThreshold, tmp, type Launched } from './harness';

const TEXT = 'Please confirm the wire transfer to the new account before five o clock today. Thank you.';
const dir = tmp('veracall-e2e-files-');
const tts = synthVoiceWav(dir, TEXT);
const middling = middlingVoiceWavs(dir, TEXT);
const bona = bonafideWav(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function analyse(b: Launched, file: string): Promise<{ verdict: string; score: number; threshold: number; text: string }> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/popup.html`);
  await page.locator('[data-testid="file-input"]').setInputFiles(file);
  const v = page.locator('[data-testid="verdict"]');
  await v.waitFor({ timeout: 90_000 });
  const verdict = (await v.getAttribute('data-verdict')) ?? '';
  const score = Number(await page.locator('[data-testid="score"]').getAttribute('data-score'));
  const threshold = Number(await page.locator('line.threshold').getAttribute('data-threshold'));
  const text = await page.locator('body').innerText();
  await page.close();
  return { verdict, score, threshold, text };
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

  it.skipIf(!bona)(`passes a bona fide recording from the corpus${bona ? '' : ` (SKIPPED: needs ${CORPUS})`}`, async () => {
    const r = await analyse(b, bona!);
    expect(r.verdict).toBe('human');
  });

  it('a custom threshold set in the options decides the verdict', async () => {
    // A clip the model scores in its uncertain middle, made here (no corpus needed): with a
    // threshold just below its score it must read "synthetic", with one well above it "human".
    const seen: string[] = [];
    let mid: { f: string; score: number } | undefined;
    for (const f of middling) {
      const r = await analyse(b, f);
      seen.push(`${basename(f)} ${r.score.toFixed(3)}`);
      if (r.score >= 0.03 && r.score <= 0.95) {
        mid = { f, score: r.score };
        break;
      }
    }
    expect(mid, `no self-made clip scored within [0.03, 0.95], where the options' 0.01-0.99 threshold decides (${seen.join(', ') || 'none made'}): add a candidate to middlingVoiceWavs`).toBeDefined();
    const { f, score } = mid!;
    const logit = (p: number) => Math.log(p / (1 - p));
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    // 0.4 in logit keeps clear of the boundary; "human" needs odds under a quarter of the threshold's.
    const low = Math.max(0.01, Math.floor(sig(logit(score) - 0.4) * 100) / 100);
    const high = Math.min(0.99, Math.ceil(sig(logit(score) + Math.log(4) + 0.4) * 100) / 100);

    await onOptions(b, (p) => setCustomThreshold(p, low));
    const strict = await analyse(b, f);
    await onOptions(b, (p) => setCustomThreshold(p, high));
    const lenient = await analyse(b, f);
    expect(strict.threshold).toBeCloseTo(low, 6);
    expect(strict.text).toMatch(/\(custom\)/);
    expect(strict.verdict).toBe('synthetic');
    expect(lenient.threshold).toBeCloseTo(high, 6);
    expect(lenient.verdict).toBe('human');

    // The named presets reach the analysis too (their thresholds come from the sidecar).
    await onOptions(b, (p) => p.locator('[data-testid="preset-sensitive"]').check());
    const sensitive = await analyse(b, f);
    await onOptions(b, (p) => p.locator('[data-testid="preset-conservative"]').check());
    const conservative = await analyse(b, f);
    expect(sensitive.text).toMatch(/\(sensitive\)/);
    expect(conservative.text).toMatch(/\(conservative\)/);
    expect(sensitive.threshold).toBeLessThan(conservative.threshold);
    const rank = { human: 0, 'no-speech': 0, suspicious: 1, synthetic: 2 } as Record<string, number>;
    expect(rank[sensitive.verdict]).toBeGreaterThanOrEqual(rank[conservative.verdict]!);
  }, 300_000);
});
