/** Pages the extension watches: the call sites, plus the local demo / e2e call page. */
export const SITE_MATCHES = [
  'https://meet.google.com/*',
  'https://*.zoom.us/*',
  'https://zoom.us/*',
  'https://teams.microsoft.com/*',
  'https://teams.live.com/*',
  'https://teams.cloud.microsoft/*',
  'http://127.0.0.1/*',
  'http://localhost/*',
];
