import { z } from 'zod';

/** The call sites the extension captures on (one adapter each in this folder). */
export const SITES = ['meet', 'zoom', 'teams', 'demo'] as const;
export const siteSchema = z.enum(SITES);
export type Site = z.infer<typeof siteSchema>;
