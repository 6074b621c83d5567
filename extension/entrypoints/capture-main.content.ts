import { startPageCapture } from '../capture/page-capture';
import { SITE_MATCHES } from '../sites/hosts';

// MAIN world at document_start: wraps RTCPeerConnection (and, on Zoom, Web Audio output) before the page runs.
export default defineContentScript({
  matches: SITE_MATCHES,
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    startPageCapture(window);
  },
});
