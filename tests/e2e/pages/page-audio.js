// Shared by the e2e stand-in pages (call.js, site.js): a loopback WebRTC call and the
// speaking indicator the real sites draw from the received level.

/** Sends `track` through a loopback peer-connection pair; resolves to the received (remote) stream. */
export async function loopback(track, keep = []) {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  const remote = new Promise((resolve) => (b.ontrack = (e) => resolve(e.streams[0] ?? new MediaStream([e.track]))));
  a.addTrack(track, new MediaStream([track]));
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
  keep.push(a, b);
  return remote;
}

/** Calls `onChange(speaking)` every 200 ms with whether the stream's RMS level is above 0.01. */
export function onSpeakingLevel(stream, onChange) {
  const ctx = new AudioContext();
  const an = ctx.createAnalyser();
  ctx.createMediaStreamSource(stream).connect(an);
  const buf = new Float32Array(an.fftSize);
  setInterval(() => {
    an.getFloatTimeDomainData(buf);
    let s = 0;
    for (const v of buf) s += v * v;
    onChange(Math.sqrt(s / buf.length) > 0.01);
  }, 200);
}
