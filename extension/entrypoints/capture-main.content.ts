import { startPageCapture } from '../capture/page-capture';
import { BUILD_SITE_MATCHES } from '../sites/demo-build';

// MAIN world at document_start: wraps RTCPeerConnection (and, on Zoom, Web Audio output) before the page runs.
export default defineContentScript({
  matches: BUILD_SITE_MATCHES,
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    startPageCapture(window);
  },
});
