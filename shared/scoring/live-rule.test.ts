import { describe, expect, it } from 'vitest';
import { logit, sigmoid } from '../model/calibration';
import { fixtureSidecar } from '../../tests/fixtures/fixture-model';
import { LiveRule } from './live-rule';
import { liveFileFor, liveThresholdsFor, type LiveFile, type LiveRuleParams, type LiveStateThresholds } from './live-file';

const params: LiveRuleParams = { b: 2, maxEvidence: 30, hysteresis: 0.5, silentWindowsForNoSpeech: 4 };
const bars: LiveStateThresholds = { suspicious: 0, synthetic: 1, rates: { suspicious: 0.01, synthetic: 0.002 } };
const p = (l: number) => sigmoid(l);

function run(rule: LiveRule, logits: Array<number | null>) {
  return logits.map((l) => rule.update(l === null ? null : p(l)));
}

describe('LiveRule (sequential test over speech windows)', () => {
  it('gives a first verdict from the first speech window', () => {
    const r = new LiveRule(params, bars);
    const [v] = run(r, [-2]);
    expect(v).toMatchObject({ state: 'human', evidence: 1, changed: true });
  });

  it('needs more evidence for a warning when there is little: one high window is not enough, the same level sustained is', () => {
    // mean 1.5: above the suspicious bar's floor (0) but below 0 + 2/√1 = 2 at one window.
    const one = new LiveRule(params, bars);
    expect(run(one, [1.5]).at(-1)!.state).toBe('human');
    const many = new LiveRule(params, bars);
    const states = run(many, Array(10).fill(1.5)).map((v) => v.state);
    expect(states.at(-1)).toBe('suspicious'); // 1.5 > 0 + 2/√n from n = 2
    expect(LiveRule.bar(0, 2, 1)).toBeGreaterThan(LiveRule.bar(0, 2, 4));
  });

  it('changes only on new evidence: silence never moves a verdict', () => {
    const r = new LiveRule(params, bars);
    run(r, Array(6).fill(3));
    const before = r.current.state;
    const after = run(r, Array(50).fill(null));
    expect(before).toBe('synthetic');
    expect(after.every((v) => v.state === 'synthetic' && !v.changed)).toBe(true);
  });

  it('does not flip-flop on alternating noise around a bar', () => {
    const r = new LiveRule(params, bars);
    // Windows alternate ±2.5 logits around a mean just at the suspicious bar's floor.
    const xs = Array.from({ length: 120 }, (_, i) => (i % 2 ? 2.5 : -2.5) + 0.05);
    const v = run(r, xs);
    const changes = v.filter((u, i) => i > 0 && u.changed).length;
    expect(changes).toBeLessThanOrEqual(1);
  });

  it('lowers a warning only when the mean falls clearly below its bar', () => {
    const r = new LiveRule({ ...params, maxEvidence: 4 }, bars);
    run(r, [3, 3, 3, 3]);
    expect(r.current.state).toBe('synthetic');
    // Mean drifts to just under the synthetic bar (1 + 2/2 = 2): still synthetic (hysteresis).
    run(r, [1.9, 1.9, 1.9, 1.9, 1.9, 1.9, 1.9, 1.9]);
    expect(r.current.state).toBe('synthetic');
    run(r, Array(12).fill(-3));
    expect(r.current.state).toBe('human');
  });

  it('says no speech after silent windows before any speech, then judges speech', () => {
    const r = new LiveRule(params, bars);
    expect(run(r, [null, null, null, null]).at(-1)!.state).toBe('no-speech');
    expect(run(r, [-1]).at(-1)).toMatchObject({ state: 'human', changed: true });
  });

  it('re-judges at once when the sensitivity changes', () => {
    const r = new LiveRule(params, bars);
    run(r, Array(8).fill(0.5));
    expect(r.current.state).toBe('human');
    expect(r.setThresholds({ ...bars, suspicious: -3, synthetic: -2 })).toMatchObject({ state: 'synthetic', changed: true });
  });
});

describe('live file', () => {
  const sc = fixtureSidecar();
  const state = (a: number, rate: number) => ({ a, targetRate: rate, heldOutRate: null });
  const file: LiveFile = {
    schemaVersion: 1,
    model: { name: sc.name, version: sc.version, sha256: 'x'.repeat(64) },
    rule: params,
    stretchSeconds: 40,
    presets: {
      sensitive: { suspicious: state(-1, 0.05), synthetic: state(0, 0.01) },
      balanced: { suspicious: state(0, 0.01), synthetic: state(1, 0.002) },
      conservative: { suspicious: state(1, 0.002), synthetic: state(2, 0.0004) },
    },
  };

  it('applies only to the model it was fitted on', () => {
    expect(liveFileFor(file, { ...sc, sha256: 'x'.repeat(64) })).not.toBeNull();
    expect(liveFileFor(file, { ...sc, sha256: 'y'.repeat(64) })).toBeNull();
    expect(liveFileFor(file, { ...sc, name: 'other' })).toBeNull();
    expect(liveFileFor({ nonsense: true }, sc)).toBeNull();
  });

  it('gives each preset its bars and published rates; a custom threshold interpolates and claims none', () => {
    expect(liveThresholdsFor(file, sc, { preset: 'balanced' })).toEqual({ suspicious: 0, synthetic: 1, rates: { suspicious: 0.01, synthetic: 0.002 } });
    const mid = liveThresholdsFor(file, sc, { preset: 'custom', threshold: sc.presets.balanced.threshold });
    expect(mid.suspicious).toBeCloseTo(0);
    expect(mid.rates.suspicious).toBeNull();
    const stricter = liveThresholdsFor(file, sc, { preset: 'custom', threshold: 0.99 });
    expect(stricter.synthetic).toBeGreaterThan(2);
  });

  it('without a file, falls back to the clip thresholds and claims no rate', () => {
    const t = liveThresholdsFor(null, sc, { preset: 'balanced' });
    expect(t.synthetic).toBeCloseTo(logit(sc.presets.balanced.threshold));
    expect(t.rates.synthetic).toBeNull();
  });
});
