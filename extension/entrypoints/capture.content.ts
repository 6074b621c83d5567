import { startContentCapture } from '../capture/content-capture';
import { siteForUrl } from '../sites';
import { SITE_MATCHES } from '../sites/hosts';

// Isolated world: private bridge to the MAIN-world tap, audio uplink, overlay, attribution.
export default defineContentScript({
  matches: SITE_MATCHES,
  runAt: 'document_start',
  main() {
    const site = siteForUrl(location.href);
    if (site) startContentCapture(site);
  },
});
