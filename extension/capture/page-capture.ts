import { acceptBridge, parseInit, type FromPage } from './bridge';
import { tapAudioDestinations } from './audio-context-tap';
import { watchLocalCapture } from './local-tracks';
import { contributingSources, tapPeerConnections } from './peer-connection-tap';

/**
 * MAIN world, document_start. Hooks are installed at once (before the page can create a
 * peer connection); audio is only pulled once the isolated script has sent `init` (the
 * site is enabled). Each remote track gets an AudioWorklet tap in our own AudioContext;
 * the worklet's port goes straight to the isolated script.
 */
export function startPageCapture(win: Window & typeof globalThis): void {
  let port: MessagePort | null = null;
  let workletUrl: string | null = null;
  let ctx: AudioContext | null = null;
  let ready: Promise<AudioContext> | null = null;
  let nextId = 1;
  const pending: Array<{ track: MediaStreamTrack; receiver: RTCRtpReceiver | null; origin: 'webrtc' | 'webaudio' }> = [];
  let rawConnect: ((n: AudioNode, d: AudioNode) => void) | null = null;

  const send = (m: FromPage, transfer: Transferable[] = []) => port?.postMessage(m, transfer);

  function context(): Promise<AudioContext> {
    ready ??= (async () => {
      ctx = new win.AudioContext({ latencyHint: 'playback' });
      await ctx.audioWorklet.addModule(workletUrl!);
      const resume = () => void ctx?.resume().catch(() => {});
      resume();
      for (const ev of ['pointerdown', 'keydown']) win.addEventListener(ev, resume, { capture: true, passive: true });
      return ctx;
    })();
    return ready;
  }

  async function pump(track: MediaStreamTrack, receiver: RTCRtpReceiver | null, origin: 'webrtc' | 'webaudio'): Promise<void> {
    const c = await context();
    const id = nextId++;
    const src = c.createMediaStreamSource(new win.MediaStream([track]));
    const node = new win.AudioWorkletNode(c, 'veracall-tap', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1, channelCountMode: 'explicit' });
    const mute = c.createGain();
    mute.gain.value = 0;
    // Our own graph uses the native connect so the Web Audio tap never sees it.
    const connect = rawConnect ?? ((a: AudioNode, b: AudioNode) => void a.connect(b));
    connect(src, node);
    connect(node, mute);
    connect(mute, c.destination);
    send({ kind: 'track', id, sampleRate: c.sampleRate, origin, trackId: track.id }, [node.port]);
    let over = false;
    const end = () => {
      if (over) return;
      over = true;
      clearInterval(timer);
      src.disconnect();
      node.disconnect();
      send({ kind: 'ended', id });
    };
    // pc.close() ends remote tracks without an `ended` event: poll readyState as well.
    const timer = setInterval(() => {
      if (track.readyState === 'ended') return end();
      if (receiver) send({ kind: 'sources', id, count: contributingSources(receiver) });
    }, 1000);
    track.addEventListener('ended', end);
  }

  const onRemote = (track: MediaStreamTrack, receiver: RTCRtpReceiver | null, origin: 'webrtc' | 'webaudio') => {
    if (port && workletUrl) void pump(track, receiver, origin).catch(() => {});
    else pending.push({ track, receiver, origin });
  };

  watchLocalCapture(win);
  tapPeerConnections(win, ({ track, receiver }) => onRemote(track, receiver, 'webrtc'));

  acceptBridge(win, (p) => {
    port = p;
    p.onmessage = (e) => {
      const init = parseInit(e.data);
      if (!init || workletUrl) return;
      workletUrl = init.workletUrl;
      if (init.tapWebAudio) {
        rawConnect = tapAudioDestinations(win, (c) => c === ctx, (t) => onRemote(t, null, 'webaudio'));
      }
      for (const x of pending.splice(0)) onRemote(x.track, x.receiver, x.origin);
    };
  });
}
