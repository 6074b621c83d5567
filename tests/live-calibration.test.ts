/**
 * The committed live thresholds (models/lite.live.json, `npm run calibrate:live`) belong to
 * the shipped lite model and still keep their promise on real voices the model never trained
 * on, through a call channel. The corpus check needs ../shared/corpus and skips without it;
 * it scores a fixed sample of held-out voices (cached under the OS temp folder afterwards).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLiveFile } from '../shared/scoring/live-file';
import { PRESET_NAMES } from '../shared/scoring/presets';
import { CORPUS, loadScored, measure, ROOT } from '../tools/calibrate-live';

const LITE = join(ROOT, 'models/lite.json');
const LIVE = join(ROOT, 'models/lite.live.json');
const haveModel = existsSync(join(ROOT, 'models/lite.onnx')) && existsSync(LITE);
const haveCorpus = existsSync(join(CORPUS, 'manifest.csv'));
if (!haveCorpus) console.warn(`live calibration check SKIPPED: no corpus at ${CORPUS}`);

describe.skipIf(!haveModel)('live thresholds of the shipped lite model', () => {
  it('were fitted on this very model (rerun `npm run calibrate:live` after shipping a new one)', () => {
    const live = parseLiveFile(JSON.parse(readFileSync(LIVE, 'utf8')));
    const sidecar = JSON.parse(readFileSync(LITE, 'utf8')) as { name: string; version: string; sha256?: string };
    expect(live, 'models/lite.live.json is missing or invalid').not.toBeNull();
    expect(live!.model).toMatchObject({ name: sidecar.name, version: sidecar.version, sha256: sidecar.sha256 });
    for (const p of PRESET_NAMES) {
      expect(live!.presets[p].synthetic.a).toBeGreaterThanOrEqual(live!.presets[p].suspicious.a);
      expect(live!.presets[p].suspicious.targetRate).toBeGreaterThan(0);
    }
  });

  it.skipIf(!haveCorpus)(
    'keep real voices of held-out sources from being flagged at the balanced preset (call channels)',
    async () => {
      const live = parseLiveFile(JSON.parse(readFileSync(LIVE, 'utf8')))!;
      const held = new Set((live.measured?.heldOutSources as string[] | undefined) ?? []);
      // A fixed sample: every fourth real voice of the held-out sources, and a few of their spoof voices.
      const { scored } = await loadScored('lite', live.stretchSeconds, (vs) => {
        const real = vs.filter((v) => held.has(v.source) && v.label === 'bonafide').filter((_, i) => i % 4 === 0);
        const spoof = vs.filter((v) => held.has(v.source) && v.label === 'spoof').filter((_, i) => i % 4 === 0);
        return [...real, ...spoof];
      });
      const m = measure(scored, live, 1) as Record<string, { realVoices: number; realEverSuspiciousOrWorse: number; changesPerMinute: number }>;
      const b = m.balanced!;
      expect(b.realVoices).toBeGreaterThan(10);
      // At most one flagged sequence in the sample (the 1 % promise cannot be resolved more finely here).
      expect(b.realEverSuspiciousOrWorse * b.realVoices).toBeLessThanOrEqual(Math.max(1, Math.ceil(live.presets.balanced.suspicious.targetRate * b.realVoices)));
      expect(b.changesPerMinute).toBeLessThanOrEqual(1);
    },
    1_200_000,
  );
});
