import { startContentCapture } from '../capture/content-capture';
import { siteForUrl } from '../sites';
import { BUILD_SITE_MATCHES } from '../sites/demo-build';

// Isolated world: private bridge to the MAIN-world tap, audio uplink, overlay, attribution.
export default defineContentScript({
  matches: BUILD_SITE_MATCHES,
  runAt: 'document_start',
  main() {
    const site = siteForUrl(location.href);
    if (site) startContentCapture(site);
  },
});
