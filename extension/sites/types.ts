import type { Site } from './site';

/**
 * What a call site's DOM tells us about participants. One module per site holds its
 * selectors; when the site changes its DOM and nothing matches, these return [] and
 * detection carries on with the call-level badge.
 */
export interface SiteAdapter {
  site: Site;
  /** Whether the site mixes all remote audio into one track (Teams) or not (Meet: ~3 loudest). */
  mixedAudio: boolean;
  /** Names of participant tiles currently showing the site's speaking indicator. */
  speaking(root: ParentNode): string[];
  /** Names of all participant tiles. */
  participants(root: ParentNode): string[];
  /** The participant tile named `name`, where the badge can sit; null when none matches. */
  tileByName(root: ParentNode, name: string): Element | null;
  /** The participant tile an element (e.g. the media element playing a track) sits in. */
  tileOf(el: Element): Element | null;
  /** Said in the call panel on mixed-audio sites: why there is one badge for the call. */
  mixedNote?: string;
}

export function textOf(el: Element | null | undefined): string | undefined {
  const t = el?.textContent?.replace(/\s+/g, ' ').trim();
  return t ? t.slice(0, 200) : undefined;
}

/** Tiles → names, via a tile selector, a name selector inside it, and a speaking predicate. */
export function tileReader(tileSel: string, name: (tile: Element) => string | undefined, isSpeaking: (tile: Element) => boolean) {
  const names = (root: ParentNode, filter: (t: Element) => boolean) => {
    const out: string[] = [];
    for (const tile of root.querySelectorAll(tileSel)) {
      const n = filter(tile) ? name(tile) : undefined;
      if (n && !out.includes(n)) out.push(n);
    }
    return out;
  };
  return {
    speaking: (root: ParentNode) => names(root, isSpeaking),
    participants: (root: ParentNode) => names(root, () => true),
    tileByName: (root: ParentNode, n: string) => [...root.querySelectorAll(tileSel)].find((t) => name(t) === n) ?? null,
    tileOf: (el: Element) => el.closest(tileSel),
  };
}
