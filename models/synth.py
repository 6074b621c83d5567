"""Extra spoof made locally: vocoder resyntheses of bona fide clips and rule/diphone TTS.

Resyntheses keep the parent clip's source, speaker and channel but lose natural phase,
so every source that has bona fide speech also gets spoof speech (the main fix for the
source-identity leak described in the corpus README).
"""
import os
import subprocess
import tempfile

import numpy as np
import soundfile as sf
import torch
import torchaudio
import torchaudio.functional as AF

SR = 16000


def griffin_lim_resynth(x, rng):
    """Mel spectrogram -> pseudo-inverse -> Griffin-Lim, like a neural vocoder's input."""
    n_mels = int(rng.choice([64, 80, 100]))
    n_iter = int(rng.choice([8, 32, 64]))
    n_fft, hop = 1024, 256
    w = torch.from_numpy(x).float()
    spec = torch.stft(w, n_fft, hop, window=torch.hann_window(n_fft), return_complex=True).abs() ** 2
    fb = AF.melscale_fbanks(n_fft // 2 + 1, 0.0, SR / 2, n_mels, SR, norm="slaney", mel_scale="slaney")
    mel = fb.T @ spec  # (n_mels, frames)
    lin = torch.clamp(torch.linalg.pinv(fb.T) @ mel, min=0.0).sqrt()
    gl = torchaudio.transforms.GriffinLim(n_fft=n_fft, hop_length=hop, power=1.0, n_iter=n_iter)
    y = gl(lin).numpy()
    return _match(y, x), f"resynth-griffinlim-{n_mels}mel-{n_iter}it"


def phase_vocoder_resynth(x, rng):
    """STFT phase vocoder time stretch (0.8-0.95 or 1.05-1.2): phasey, smeared transients."""
    rate = float(rng.uniform(0.8, 0.95) if rng.random() < 0.5 else rng.uniform(1.05, 1.2))
    n_fft, hop = 512, 128
    w = torch.from_numpy(x).float()
    spec = torch.stft(w, n_fft, hop, window=torch.hann_window(n_fft), return_complex=True)
    adv = torch.linspace(0, np.pi * hop, n_fft // 2 + 1)[..., None]
    st = AF.phase_vocoder(spec, rate, adv)
    y = torch.istft(st, n_fft, hop, window=torch.hann_window(n_fft)).numpy()
    return _match(y, x), "resynth-phasevocoder"


def lpc_resynth(x, rng, order=18, frame=400, hop=200):
    """LPC vocoder: per-frame all-pole envelope excited by pulse train / noise (robotic)."""
    from scipy.linalg import solve_toeplitz
    from scipy.signal import lfilter
    f0 = float(rng.uniform(90, 220))
    n = len(x)
    y = np.zeros(n + frame)
    win = np.hanning(frame)
    period = int(SR / f0)
    pulses = np.zeros(n + frame)
    pulses[::period] = 1.0
    noise = rng.standard_normal(n + frame) * 0.1
    for s in range(0, max(n - frame, 1), hop):
        seg = x[s:s + frame]
        if len(seg) < frame:
            break
        seg = seg * win
        r = np.correlate(seg, seg, "full")[frame - 1:frame + order]
        if r[0] < 1e-8:
            continue
        a = solve_toeplitz(r[:order], -r[1:order + 1])
        err = max(r[0] + np.dot(a, r[1:order + 1]), 1e-10)
        zc = np.mean(np.abs(np.diff(np.sign(seg)))) / 2
        exc = noise[s:s + frame] if zc > 0.25 else pulses[s:s + frame] * np.sqrt(period)
        out = lfilter([np.sqrt(err / frame)], np.concatenate([[1.0], a]), exc)
        y[s:s + frame] += out * win
    return _match(y[:n], x), "resynth-lpc"


def _match(y, x):
    y = np.nan_to_num(y.astype(np.float32))
    peak = np.abs(y).max() + 1e-9
    return y * (np.abs(x).max() / peak)


RESYNTH = (griffin_lim_resynth, phase_vocoder_resynth, lpc_resynth)


def tts(engine, voice, text, rng):
    """Run a local TTS engine; returns float32 16 kHz mono or None."""
    with tempfile.TemporaryDirectory() as td:
        out = os.path.join(td, "o.wav")
        if engine == "espeak-ng":
            cmd = ["espeak-ng", "-v", voice, "-s", str(int(rng.integers(130, 190))), "-w", out, text]
        elif engine == "flite":
            cmd = ["flite", "-voice", voice, "-t", text, "-o", out]
        else:
            txt = os.path.join(td, "t.txt")
            open(txt, "w").write(text)
            cmd = ["text2wave", "-o", out, txt]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=60)
            y, sr = sf.read(out, dtype="float32", always_2d=True)
        except Exception:
            return None
    y = y.mean(1)
    if sr != SR:
        y = AF.resample(torch.from_numpy(y), sr, SR).numpy()
    return y if len(y) > SR // 2 else None


TTS_VOICES = {
    "espeak-ng": ["en-us", "en-gb", "en-us+f3", "en-gb+m3", "en-us+f5", "en-gb-scotland",
                  "en+klatt", "en-us+m7", "en-gb+f2", "mb-en1"],
    "flite": ["kal", "kal16", "awb", "rms", "slt"],
    "festival": ["default"],
}
