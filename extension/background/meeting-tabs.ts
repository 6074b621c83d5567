import type { Site } from '../sites/site';

/**
 * Tabs showing a call site, so the engine (offscreen document, ORT session, VAD) is loaded
 * when the meeting page opens — before anyone speaks — and kept while such a tab is open.
 * Pure bookkeeping; the background feeds it tab events (see start.ts).
 */
export class MeetingTabs {
  private tabs = new Map<number, Site>();

  constructor(
    private readonly siteOf: (url: string) => Site | null,
    private readonly enabled: (site: Site) => boolean,
  ) {}

  /** A tab's URL is known or changed: returns the site when the engine should be warmed. */
  visit(tabId: number, url: string | undefined): Site | null {
    if (!url) return this.tabs.get(tabId) ?? null;
    const site = this.siteOf(url);
    if (site && this.enabled(site)) {
      const fresh = this.tabs.get(tabId) !== site;
      this.tabs.set(tabId, site);
      return fresh ? site : null;
    }
    this.tabs.delete(tabId);
    return null;
  }

  close(tabId: number): void {
    this.tabs.delete(tabId);
  }

  get open(): number {
    return this.tabs.size;
  }
}
