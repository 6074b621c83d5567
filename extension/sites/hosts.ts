/** Pages the extension watches: the call sites. */
export const CALL_SITE_MATCHES = [
  'https://meet.google.com/*',
  'https://*.zoom.us/*',
  'https://zoom.us/*',
  'https://teams.microsoft.com/*',
  'https://teams.live.com/*',
  'https://teams.cloud.microsoft/*',
];

/** The local demo / e2e call page: only in dev and test builds, never in the published one. */
export const DEMO_MATCHES = ['http://127.0.0.1/*', 'http://localhost/*'];

/**
 * Whether this build also watches the local demo page: `wxt` dev mode, or a build made with
 * WXT_DEMO_HOSTS=1 (the e2e global setup, and `npm run build` before `npm run demo`).
 * Read from process.env in wxt.config.ts (Node) and from import.meta.env in entrypoints.
 */
export function siteMatches(demo: boolean): string[] {
  return demo ? [...CALL_SITE_MATCHES, ...DEMO_MATCHES] : [...CALL_SITE_MATCHES];
}
