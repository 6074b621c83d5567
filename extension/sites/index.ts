import type { Site } from './site';
import { demo } from './demo';
import { meet } from './meet';
import type { SiteAdapter } from './types';
import { teams } from './teams';
import { zoom } from './zoom';

export type { SiteAdapter } from './types';

/** Which call site a page is, from its URL; null for pages we do not watch. */
export function siteForUrl(url: string): Site | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const h = u.hostname;
  if (h === 'meet.google.com') return 'meet';
  if (h === 'zoom.us' || h.endsWith('.zoom.us')) return 'zoom';
  if (h === 'teams.microsoft.com' || h === 'teams.live.com' || h === 'teams.cloud.microsoft' || h.endsWith('.teams.cloud.microsoft')) return 'teams';
  if ((h === '127.0.0.1' || h === 'localhost') && u.protocol === 'http:') return 'demo';
  return null;
}

export const ADAPTERS: Record<Site, SiteAdapter> = { meet, zoom, teams, demo };
