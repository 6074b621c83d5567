import { z } from 'zod';
import { DEFAULT_PRESET, sensitivityNameSchema, type Sensitivity } from '../../shared/scoring/presets';
import { SITES } from '../sites/site';

/**
 * Every user setting, declared once with its default. Options writes it, popup reads it,
 * content scripts read `sites`, the offscreen document reads sensitivity and companion.
 * `settingsSchema` is strict (for validating a user's change); `parseSettings` is lenient
 * (for whatever is in storage): each invalid field takes its own default.
 */
/** Stored apart from the choice, the custom threshold keeps its slider value while a preset is chosen. */
const sensitivitySettingSchema = z.object({
  preset: sensitivityNameSchema.default(DEFAULT_PRESET),
  /** Used when preset is "custom": threshold on calibrated P(spoof). */
  customThreshold: z.number().min(0.01).max(0.99).default(0.5),
});
const sitesSchema = z.object(
  Object.fromEntries(SITES.map((s) => [s, z.boolean().default(true)])) as Record<(typeof SITES)[number], z.ZodDefault<z.ZodBoolean>>,
);
const companionSchema = z.object({
  enabled: z.boolean().default(false),
  url: z.string().default('ws://127.0.0.1:8765'),
  token: z.string().default(''),
});

export const settingsSchema = z.object({
  sensitivity: sensitivitySettingSchema.default(sensitivitySettingSchema.parse({})),
  sites: sitesSchema.default(sitesSchema.parse({})),
  companion: companionSchema.default(companionSchema.parse({})),
  /** Days verdict-log entries are kept; 0 keeps no log. */
  historyRetentionDays: z.number().int().min(0).max(365).default(30),
  showOverlay: z.boolean().default(true),
  debug: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** The setting as the one Sensitivity shape that messages and scoring use (shared/scoring/presets.ts). */
export function sensitivityOf(s: Settings['sensitivity']): Sensitivity {
  return s.preset === 'custom' ? { preset: 'custom', threshold: s.customThreshold } : { preset: s.preset };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Field by field: keeps each valid stored value, replaces each invalid one by its default. */
function lenient(shape: Record<string, z.ZodType>, raw: unknown, defaults: Record<string, unknown>): Record<string, unknown> {
  const src = isObject(raw) ? raw : {};
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const inner = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
    if (inner instanceof z.ZodObject) {
      out[key] = lenient(inner.shape as Record<string, z.ZodType>, src[key], defaults[key] as Record<string, unknown>);
    } else {
      const r = field.safeParse(src[key]);
      out[key] = r.success ? r.data : defaults[key];
    }
  }
  return out;
}

/** Settings from storage are `unknown`: each invalid or missing field takes its default. */
export function parseSettings(raw: unknown): Settings {
  return lenient(settingsSchema.shape, raw, DEFAULT_SETTINGS) as Settings;
}
