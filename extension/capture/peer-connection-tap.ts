import { cloakConstructor, replaceProperty } from './cloak';
import { isLocalTrack } from './local-tracks';

export interface RemoteAudio {
  track: MediaStreamTrack;
  receiver: RTCRtpReceiver | null;
}

/**
 * Wraps the page's RTCPeerConnection so that every REMOTE audio track (a `track` event)
 * is reported. The wrapper is a Proxy of the native constructor: name, prototype, static
 * methods (generateCertificate), `instanceof` and subclassing behave exactly as before.
 * Tracks the page captured itself are never reported.
 */
const seen = new WeakSet<MediaStreamTrack>();

/** Whether a track is a remote WebRTC track we already analyse (so Web Audio taps skip it). */
export function isTappedRemote(t: MediaStreamTrack): boolean {
  return seen.has(t);
}

export function tapPeerConnections(win: typeof globalThis, onRemote: (a: RemoteAudio) => void): void {
  const Native = win.RTCPeerConnection;
  if (typeof Native !== 'function') return;
  const Wrapped = cloakConstructor(Native, (pc) => {
    pc.addEventListener('track', (e: RTCTrackEvent) => {
      const t = e.track;
      if (t.kind !== 'audio' || seen.has(t) || isLocalTrack(t)) return;
      seen.add(t);
      onRemote({ track: t, receiver: e.receiver ?? null });
    });
  });
  replaceProperty(win, 'RTCPeerConnection', Wrapped);
  const legacy = (win as unknown as { webkitRTCPeerConnection?: unknown }).webkitRTCPeerConnection;
  if (legacy === Native) replaceProperty(win, 'webkitRTCPeerConnection', Wrapped);
}

/** Number of contributing sources (CSRC) a receiver currently mixes, where the site uses them. */
export function contributingSources(r: RTCRtpReceiver | null): number {
  try {
    return r?.getContributingSources?.().length ?? 0;
  } catch {
    return 0;
  }
}
