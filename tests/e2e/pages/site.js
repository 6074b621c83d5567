// Emulates each call site's audio path and participant tiles (see extension/sites/*.ts).
import { loopback, onSpeakingLevel } from './page-audio.js';

const peers = []; // keeps the loopback peer connections alive
const stage = document.getElementById('stage');
const status = document.getElementById('status');
const NO_DSP = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };
const host = location.hostname;
const site = host === 'meet.google.com' ? 'meet' : host.endsWith('zoom.us') ? 'zoom' : 'teams';

// Built with DOM calls: the page runs under Trusted Types, like Meet (no HTML strings).
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}
const TILE = {
  meet: (n) => el('div', { 'data-participant-id': `spaces/${n}` }, el('div', { 'data-self-name': '' }, n), el('div', { class: 'indicator' })),
  zoom: (n) => el('div', { class: 'speaker-bar-container__video-frame' }, el('div', { class: 'video-avatar__avatar-footer' }, el('span', {}, n))),
  teams: (n) =>
    el('div', { 'data-cid': 'calling-participant-stream' }, el('span', { 'data-tid': 'participant-name' }, n), el('div', { 'data-tid': 'voice-level-stream-outline' })),
};
const SPEAK = {
  meet: (tile, on) => tile.querySelector('.indicator').classList.toggle('speaking', on),
  zoom: (tile, on) => tile.classList.toggle('speaker-active-container__video-frame', on),
  teams: (tile, on) => (tile.querySelector('[data-tid="voice-level-stream-outline"]').dataset.speaking = String(on)),
};

function addTile(name) {
  return stage.appendChild(TILE[site](name));
}

function speakingFrom(stream, tile) {
  onSpeakingLevel(stream, (on) => SPEAK[site](tile, on));
}

async function webrtcCall(name) {
  const mic = await navigator.mediaDevices.getUserMedia({ audio: NO_DSP });
  const stream = await loopback(mic.getAudioTracks()[0], peers);
  const audio = new Audio();
  audio.srcObject = stream;
  audio.muted = site === 'zoom';
  void audio.play();
  if (site === 'zoom') {
    // Zoom may play the received track through Web Audio as well: it must not be analysed twice.
    const out = new AudioContext();
    out.createMediaStreamSource(stream).connect(out.destination);
  }
  speakingFrom(stream, addTile(name));
  addTile('Someone quiet');
}

async function webAudioCall(name) {
  // Zoom's WebAssembly audio path: decoded PCM played through an AudioContext, no WebRTC.
  const ctx = new AudioContext();
  const buf = await ctx.decodeAudioData(await (await fetch('/speech.wav')).arrayBuffer());
  const src = ctx.createBufferSource();
  src.buffer = buf;
  src.loop = true;
  const gain = ctx.createGain();
  src.connect(gain);
  gain.connect(ctx.destination);
  src.start();
  addTile(name);
  // The user's own microphone monitored through the same kind of graph: must not be tapped.
  const mic = await navigator.mediaDevices.getUserMedia({ audio: NO_DSP });
  const monitor = new AudioContext();
  const g = monitor.createGain();
  g.gain.value = 0;
  monitor.createMediaStreamSource(mic).connect(g);
  monitor.createMediaStreamSource(mic).connect(monitor.destination);
}

const name = 'Ada Lovelace';
(site === 'zoom' && new URLSearchParams(location.search).get('path') === 'webaudio' ? webAudioCall(name) : webrtcCall(name)).then(
  () => (status.textContent = `${site} call running`),
  (e) => (status.textContent = `failed: ${e}`),
);
