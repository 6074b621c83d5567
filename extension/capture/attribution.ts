import type { SiteAdapter } from '../sites/types';

export interface StreamActivity {
  id: string;
  /** Whether the stream carried sound in the last second. */
  active: boolean;
  label?: string;
}

/**
 * Attributes streams to participants from the site's speaking indicators.
 * - Mixed-audio sites (Teams, Zoom): one call-level stream; its label lists who speaks now.
 * - Meet-like sites: when exactly one stream is active and exactly one tile speaks, that
 *   stream is that person (labels stick until the next unambiguous moment).
 * Returns only the labels that changed. No tiles found → no labels: the call-level badge remains.
 */
export function attribute(adapter: SiteAdapter, root: ParentNode, streams: readonly StreamActivity[]): Map<string, string | undefined> {
  const changes = new Map<string, string | undefined>();
  const speaking = adapter.speaking(root);
  if (adapter.mixedAudio) {
    for (const s of streams) {
      const label = speaking.length ? `Call audio · ${speaking.join(', ')}` : s.label;
      if (label !== s.label) changes.set(s.id, label);
    }
    return changes;
  }
  const active = streams.filter((s) => s.active);
  if (active.length === 1 && speaking.length === 1 && active[0]!.label !== speaking[0]) {
    changes.set(active[0]!.id, speaking[0]);
  }
  return changes;
}
