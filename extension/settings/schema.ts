import { z } from 'zod';
import { SITES } from '../../shared/protocol/extension';

/**
 * Every user setting, declared once with its default. Options writes it, popup reads it,
 * content scripts read `sites`, the offscreen document reads sensitivity and companion.
 */
export const settingsSchema = z.object({
  sensitivity: z
    .object({
      preset: z.enum(['sensitive', 'balanced', 'conservative', 'custom']).default('balanced'),
      /** Used when preset is "custom": threshold on calibrated P(spoof). */
      customThreshold: z.number().min(0.01).max(0.99).default(0.5),
    })
    .default({ preset: 'balanced', customThreshold: 0.5 }),
  sites: z
    .object(Object.fromEntries(SITES.map((s) => [s, z.boolean().default(true)])) as Record<(typeof SITES)[number], z.ZodDefault<z.ZodBoolean>>)
    .default({ meet: true, zoom: true, teams: true, demo: true }),
  companion: z
    .object({
      enabled: z.boolean().default(false),
      url: z.string().default('ws://127.0.0.1:8765'),
      token: z.string().default(''),
    })
    .default({ enabled: false, url: 'ws://127.0.0.1:8765', token: '' }),
  /** Days verdict-log entries are kept; 0 keeps no log. */
  historyRetentionDays: z.number().int().min(0).max(365).default(30),
  showOverlay: z.boolean().default(true),
  debug: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** Settings from storage are `unknown`: anything invalid falls back to its default. */
export function parseSettings(raw: unknown): Settings {
  const r = settingsSchema.safeParse(raw ?? {});
  return r.success ? r.data : DEFAULT_SETTINGS;
}
