// Demo / e2e call page. Query: ?auto=mic (the microphone joins as a remote participant),
// ?auto=local (the microphone is only monitored locally: it must NOT be analysed),
// ?loop=1 (a file participant loops).
import { loopback, onSpeakingLevel } from './page-audio.js';

const params = new URLSearchParams(location.search);
const tiles = document.getElementById('tiles');
const status = document.getElementById('status');
const calls = [];
const NO_DSP = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };

function tile(name) {
  const el = document.createElement('div');
  el.className = 'tile';
  el.dataset.veracallParticipant = name;
  el.dataset.speaking = 'false';
  el.textContent = name;
  tiles.append(el);
  return el;
}

/** Plays a remote stream (Chrome only feeds remote WebRTC audio to Web Audio when it is played). */
const remoteStreams = [];
function play(stream, el) {
  remoteStreams.push(stream);
  const audio = new Audio();
  audio.srcObject = stream;
  audio.autoplay = true;
  document.body.append(audio);
  void audio.play().catch(() => {});
  // Speaking indicator from the received level, like the real sites show.
  onSpeakingLevel(stream, (on) => (el.dataset.speaking = String(on)));
}

async function addMic(name = 'Remote (your microphone)') {
  const mic = await navigator.mediaDevices.getUserMedia({ audio: NO_DSP });
  const remote = await loopback(mic.getAudioTracks()[0], calls);
  play(remote, tile(name));
  status.textContent = 'Microphone participant connected.';
}

async function addFile(file) {
  const ctx = new AudioContext();
  const buf = await ctx.decodeAudioData(await file.arrayBuffer());
  const src = ctx.createBufferSource();
  src.buffer = buf;
  src.loop = params.get('loop') === '1';
  const dest = ctx.createMediaStreamDestination();
  src.connect(dest);
  src.start();
  const remote = await loopback(dest.stream.getAudioTracks()[0], calls);
  play(remote, tile(file.name));
  status.textContent = `${file.name} is speaking as a remote participant.`;
}

async function monitorLocalMic() {
  // The user's own microphone, heard locally but never sent: Veracall must ignore it.
  const mic = await navigator.mediaDevices.getUserMedia({ audio: NO_DSP });
  const audio = new Audio();
  audio.srcObject = mic;
  audio.muted = true;
  void audio.play();
  const ctx = new AudioContext();
  ctx.createMediaStreamSource(mic).connect(ctx.destination);
  new RTCPeerConnection(); // a call object exists, but nothing is received
  tile('You (local)');
  status.textContent = 'Local microphone only.';
}

document.getElementById('file').addEventListener('change', (e) => e.target.files[0] && addFile(e.target.files[0]));
document.getElementById('mic').addEventListener('click', () => addMic());
document.getElementById('synthetic').addEventListener('click', async () => {
  const res = await fetch('/synthetic.wav');
  if (!res.ok) return void (status.textContent = 'This server cannot synthesise speech (espeak-ng missing).');
  params.set('loop', '1');
  await addFile(new File([await res.blob()], 'Synthetic voice (espeak-ng)'));
});
document.getElementById('hangup').addEventListener('click', () => {
  for (const pc of calls.splice(0)) pc.close();
  status.textContent = 'Call ended.';
});

const auto = params.get('auto');
if (auto === 'mic') addMic(params.get('name') ?? undefined);
else if (auto === 'local') monitorLocalMic();
/**
 * Benchmark helper: ms from speech onset on the first remote stream (level > 0.02 as
 * received here) to the Veracall badge's first verdict (human / suspicious / synthetic).
 */
async function measureFirstVerdict(timeoutMs = 45000) {
  const t0 = performance.now();
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  while (!remoteStreams.length && performance.now() - t0 < 15000) await sleep(10);
  const ctx = new AudioContext();
  const an = ctx.createAnalyser();
  an.fftSize = 256;
  ctx.createMediaStreamSource(remoteStreams[0]).connect(an);
  const buf = new Float32Array(an.fftSize);
  const badge = () => document.querySelector('veracall-overlay')?.shadowRoot?.querySelector('[data-testid="veracall-badge"]');
  let onset = null;
  while (performance.now() - t0 < timeoutMs) {
    if (onset === null) {
      an.getFloatTimeDomainData(buf);
      let s = 0;
      for (const v of buf) s += v * v;
      if (Math.sqrt(s / buf.length) > 0.02) onset = performance.now();
    }
    const st = badge()?.dataset.state;
    if (onset !== null && ['human', 'suspicious', 'synthetic'].includes(st)) {
      const at = performance.now();
      // Epoch times too, to line up with the extension's own trace (bench/extension.ts).
      return { ms: at - onset, state: st, engine: badge().dataset.engineLabel ?? '', onsetEpoch: performance.timeOrigin + onset, verdictEpoch: performance.timeOrigin + at };
    }
    await sleep(5);
  }
  return { ms: NaN, state: badge()?.dataset.state ?? 'none', engine: '' };
}

window.veracallDemo = { addMic, addFile, loopback: (track) => loopback(track, calls), remoteStreams, measureFirstVerdict };
