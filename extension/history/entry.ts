import { z } from 'zod';
import { siteSchema, type Site } from '../sites/site';
import { streamStateSchema, type StreamState } from '../../shared/protocol/common';

/** What the background hands to `appendVerdict`: a verdict about one stream, never audio. */
export interface VerdictInput {
  /** Epoch milliseconds. */
  t: number;
  callId: string;
  site: Site;
  streamId: string;
  label?: string;
  state: StreamState;
  pSpoof: number | null;
  engine: string;
}

/**
 * One stored row. Successive updates of a stream with the same state are folded into one
 * row: `t` is when the state was first seen, `lastT` the latest update, `pSpoof` the latest score.
 */
export const verdictEntrySchema = z.object({
  t: z.number().finite(),
  lastT: z.number().finite(),
  callId: z.string().max(128),
  site: siteSchema,
  streamId: z.string().max(64),
  label: z.string().max(200).optional(),
  state: streamStateSchema,
  pSpoof: z.number().min(0).max(1).nullable(),
  engine: z.string().max(200),
});
export type VerdictEntry = z.infer<typeof verdictEntrySchema>;

export interface VerdictFilter {
  site?: Site;
  callId?: string;
  /** Only entries whose `lastT` is at or after this epoch ms. */
  since?: number;
  states?: readonly StreamState[];
  /** At most this many, newest first. */
  limit?: number;
}

/** Storage holds `unknown`: keep the rows that validate, drop the rest. */
export function parseEntries(raw: unknown): VerdictEntry[] {
  if (!Array.isArray(raw)) return [];
  const out: VerdictEntry[] = [];
  for (const r of raw) {
    const p = verdictEntrySchema.safeParse(r);
    if (p.success) out.push(p.data);
  }
  return out;
}

export function matches(e: VerdictEntry, f: VerdictFilter): boolean {
  if (f.site && e.site !== f.site) return false;
  if (f.callId && e.callId !== f.callId) return false;
  if (f.since !== undefined && e.lastT < f.since) return false;
  if (f.states && !f.states.includes(e.state)) return false;
  return true;
}
