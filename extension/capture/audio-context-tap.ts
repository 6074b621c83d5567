import { cloakMethod, replaceProperty } from './cloak';
import { isLocalTrack } from './local-tracks';
import { isTappedRemote } from './peer-connection-tap';

/**
 * Zoom's web client may decode audio in WebAssembly and play it through an AudioContext
 * instead of WebRTC. Wrapping AudioNode.prototype.connect lets us add a tap (a
 * MediaStreamAudioDestinationNode in the same context) whenever the page connects a node
 * to its speakers. One tapped stream per page AudioContext. Sources that are the user's
 * own microphone, or a remote WebRTC track we already analyse, are skipped.
 */
export function tapAudioDestinations(
  win: typeof globalThis,
  isOurs: (ctx: BaseAudioContext) => boolean,
  onStream: (track: MediaStreamTrack) => void,
): (node: AudioNode, dest: AudioNode) => void {
  const proto = win.AudioNode?.prototype;
  const nativeConnect = proto?.connect as unknown as (this: AudioNode, d: AudioNode | AudioParam, o?: number, i?: number) => AudioNode;
  const taps = new WeakMap<BaseAudioContext, MediaStreamAudioDestinationNode>();
  const rawConnect = (node: AudioNode, dest: AudioNode) => void nativeConnect.call(node, dest);
  if (!proto || typeof nativeConnect !== 'function') return rawConnect;

  const skip = (node: AudioNode) =>
    node instanceof win.MediaStreamAudioSourceNode && node.mediaStream.getAudioTracks().some((t) => isLocalTrack(t) || isTappedRemote(t));

  const wrapped = cloakMethod(nativeConnect, (self, args, call) => {
    const out = call();
    try {
      const node = self as AudioNode;
      const dest = args[0];
      if (dest instanceof win.AudioDestinationNode && !isOurs(node.context) && !skip(node)) {
        let tap = taps.get(node.context);
        if (!tap && node.context instanceof win.AudioContext) {
          tap = node.context.createMediaStreamDestination();
          taps.set(node.context, tap);
          const track = tap.stream.getAudioTracks()[0];
          if (track) onStream(track);
        }
        if (tap) nativeConnect.call(node, tap);
      }
    } catch {
      // The page's audio must keep playing whatever happens here.
    }
    return out;
  });
  replaceProperty(proto, 'connect', wrapped);
  return rawConnect;
}
