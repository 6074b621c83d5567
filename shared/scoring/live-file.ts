import { z } from 'zod';
import { logit } from '../model/calibration';
import type { ModelSidecar } from '../model/sidecar';
import { PRESET_NAMES, suspiciousFloor, type PresetName, type Sensitivity } from './presets';

/**
 * `models/<model>.live.json`: the live rule's thresholds for one model, written by
 * `npm run calibrate:live` (tools/calibrate-live.ts) from real voices the model never
 * trained on, played through a call channel. Each state a badge can show carries the
 * false-alarm rate it was fitted to and the rate measured on held-out voices, so the
 * options page can state them. The extension reads it beside the sidecar; a file made for
 * another model (sha256) is ignored and the fallback below is used.
 */
const rate = z.number().min(0).max(1);

export const liveRuleParamsSchema = z.object({
  /** Bar offset at one window of evidence, in logits: bar(n) = a + b/√n. */
  b: z.number().min(0),
  /** Evidence cap (speech windows); beyond it the mean forgets with this time constant. */
  maxEvidence: z.number().int().min(1),
  /** Logits the mean must fall below a warning's bar before the warning is lowered. */
  hysteresis: z.number().min(0),
  silentWindowsForNoSpeech: z.number().int().min(1).default(4),
});
export type LiveRuleParams = z.infer<typeof liveRuleParamsSchema>;

const stateSchema = z.object({
  /** a: long-run bar on the mean calibrated window logit. */
  a: z.number().finite(),
  /** Target share of real voices ever shown this state (or a stronger one) over `stretchSeconds`. */
  targetRate: rate,
  /** Share measured on the held-out real voices (null when not measured). */
  heldOutRate: rate.nullable(),
});

export const liveFileSchema = z.object({
  schemaVersion: z.literal(1),
  model: z.object({ name: z.string(), version: z.string(), sha256: z.string().optional() }),
  rule: liveRuleParamsSchema,
  stretchSeconds: z.number().positive(),
  presets: z.object(
    Object.fromEntries(PRESET_NAMES.map((p) => [p, z.object({ suspicious: stateSchema, synthetic: stateSchema })])) as Record<
      PresetName,
      z.ZodObject<{ suspicious: typeof stateSchema; synthetic: typeof stateSchema }>
    >,
  ),
  measured: z.record(z.string(), z.unknown()).optional(),
  command: z.string().optional(),
  generated: z.string().optional(),
});
export type LiveFile = z.infer<typeof liveFileSchema>;

/** Bars (a) on the mean calibrated logit for the two warning states. */
export interface LiveStateThresholds {
  suspicious: number;
  synthetic: number;
  /** Published false-alarm rates of the states (null: not measured, e.g. a custom threshold). */
  rates: { suspicious: number | null; synthetic: number | null };
}

/**
 * Without a live file for the loaded model: bars from the sidecar's clip thresholds with a
 * wide evidence margin. No false-alarm rate is claimed for them.
 */
export const FALLBACK_RULE: LiveRuleParams = { b: 3, maxEvidence: 30, hysteresis: 0.5, silentWindowsForNoSpeech: 4 };

export function parseLiveFile(json: unknown): LiveFile | null {
  const r = liveFileSchema.safeParse(json);
  return r.success ? r.data : null;
}

/** The live file applies only to the model it was fitted on. */
export function liveFileFor(json: unknown, sidecar: Pick<ModelSidecar, 'name' | 'sha256' | 'version'>): LiveFile | null {
  const f = parseLiveFile(json);
  if (!f || f.model.name !== sidecar.name) return null;
  if (f.model.sha256 && sidecar.sha256 && f.model.sha256 !== sidecar.sha256) return null;
  return f;
}

export function liveRuleParams(f: LiveFile | null): LiveRuleParams {
  return f?.rule ?? FALLBACK_RULE;
}

/**
 * Thresholds for a sensitivity. Presets read the live file. A custom clip threshold is
 * placed among the presets by its logit and its bars interpolated (linearly in logit space,
 * clamped at the ends); it claims no rate.
 */
export function liveThresholdsFor(f: LiveFile | null, sidecar: Pick<ModelSidecar, 'presets'>, s: Sensitivity): LiveStateThresholds {
  if (!f) {
    const t = s.preset === 'custom' ? s.threshold : sidecar.presets[s.preset].threshold;
    return { suspicious: logit(suspiciousFloor(t)), synthetic: logit(t), rates: { suspicious: null, synthetic: null } };
  }
  if (s.preset !== 'custom') {
    const p = f.presets[s.preset];
    return { suspicious: p.suspicious.a, synthetic: p.synthetic.a, rates: { suspicious: p.suspicious.targetRate, synthetic: p.synthetic.targetRate } };
  }
  const x = logit(s.threshold);
  const pts = PRESET_NAMES.map((p) => ({ x: logit(sidecar.presets[p].threshold), s: f.presets[p].suspicious.a, y: f.presets[p].synthetic.a }));
  const interp = (key: 's' | 'y') => {
    if (x <= pts[0]!.x) return pts[0]![key] + (x - pts[0]!.x);
    const last = pts[pts.length - 1]!;
    if (x >= last.x) return last[key] + (x - last.x);
    for (let i = 1; i < pts.length; i++) {
      const p0 = pts[i - 1]!;
      const p1 = pts[i]!;
      if (x <= p1.x) return p1.x === p0.x ? p1[key] : p0[key] + ((x - p0.x) / (p1.x - p0.x)) * (p1[key] - p0[key]);
    }
    return last[key];
  };
  return { suspicious: interp('s'), synthetic: interp('y'), rates: { suspicious: null, synthetic: null } };
}
