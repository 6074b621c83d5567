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


def _f0_track(x, hop=160, frame=640, fmin=60.0, fmax=400.0):
    """Per-hop F0 (Hz, 0 = unvoiced) from the normalised autocorrelation peak."""
    n = max((len(x) - frame) // hop + 1, 1)
    xp = np.pad(x, (0, max(frame + (n - 1) * hop - len(x), 0)))
    idx = np.arange(frame)[None] + hop * np.arange(n)[:, None]
    seg = xp[idx] * np.hanning(frame)[None]
    seg = seg - seg.mean(1, keepdims=True)
    spec = np.fft.rfft(seg, 2 * frame)
    ac = np.fft.irfft(np.abs(spec) ** 2)[:, :frame]
    ac = ac / (ac[:, :1] + 1e-9)
    lo, hi = int(SR / fmax), int(SR / fmin)
    lag = lo + np.argmax(ac[:, lo:hi], axis=1)
    peak = ac[np.arange(n), lag]
    energy = 10 * np.log10((seg ** 2).mean(1) + 1e-12)
    voiced = (peak > 0.45) & (energy > energy.max() - 35)
    f0 = np.where(voiced, SR / lag, 0.0)
    from scipy.signal import medfilt
    return medfilt(f0, 5)


def hnm_resynth(x, rng):
    """Harmonic-plus-noise vocoder, like neural source-filter / DDSP vocoders: F0 track +
    an 80/100-band mel envelope (the TTS bottleneck) drive phase-locked harmonics below a
    voicing cutoff and shaped noise above it. Natural glottal phase and fine spectral
    detail are lost; prosody, speaker and channel stay."""
    n_fft, hop = 1024, 160
    n_mels = int(rng.choice([80, 100]))
    cutoff = float(rng.uniform(3500, 7500))
    hnr = float(rng.uniform(0.1, 0.5))
    w = torch.from_numpy(np.asarray(x, np.float32))
    win = torch.hann_window(n_fft)
    power = torch.stft(w, n_fft, hop, window=win, return_complex=True).abs() ** 2  # (F, T)
    fb = AF.melscale_fbanks(n_fft // 2 + 1, 0.0, SR / 2, n_mels, SR, norm="slaney", mel_scale="slaney")
    env = torch.clamp(torch.linalg.pinv(fb.T) @ (fb.T @ power), min=1e-10).numpy()  # smoothed power/bin
    n_frames = env.shape[1]
    f0 = _f0_track(np.asarray(x, np.float64), hop)
    f0 = np.pad(f0, (0, max(n_frames - len(f0), 0)))[:n_frames]
    t_frames = np.arange(n_frames) * hop
    t = np.arange(len(x))
    f0_s = np.interp(t, t_frames, f0)
    voiced_s = np.interp(t, t_frames, (f0 > 0).astype(float))
    f0_fill = np.where(f0_s > 0, f0_s, np.max(f0, initial=120.0) if np.any(f0 > 0) else 120.0)
    phase = 2 * np.pi * np.cumsum(f0_fill) / SR
    df = SR / n_fft
    s_win = n_fft / 2
    y = np.zeros(len(x))
    k_max = int(cutoff / 60)
    phi0 = rng.uniform(0, 2 * np.pi, k_max + 1) if rng.random() < 0.5 else np.zeros(k_max + 1)
    for k in range(1, k_max + 1):
        fk = k * f0
        ok = (fk > 0) & (fk < cutoff)
        if not ok.any():
            break
        bins = np.clip(fk / df, 0, env.shape[0] - 1)
        amp = 2 / s_win * np.sqrt(env[bins.round().astype(int), np.arange(n_frames)] * np.maximum(f0, 1) / df)
        amp = np.where(ok, amp, 0.0)
        y += np.interp(t, t_frames, amp) * voiced_s * np.cos(k * phase + phi0[k])
    freqs = np.arange(env.shape[0]) * df
    noise_gain = np.where((f0[None] > 0) & (freqs[:, None] < cutoff), hnr, 1.0)
    noise = torch.from_numpy(rng.standard_normal(len(x)).astype(np.float32))
    nspec = torch.stft(noise, n_fft, hop, window=win, return_complex=True)[:, :n_frames]
    shaped = nspec * torch.from_numpy(np.sqrt(env * noise_gain / (3 * n_fft / 8)).astype(np.float32))
    yn = torch.istft(shaped, n_fft, hop, window=win, length=len(x)).numpy()
    return _match(y + yn, x), f"resynth-hnm-{n_mels}mel"


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
            if voice != "default":
                cmd[1:1] = ["-eval", f"(voice_{voice})"]
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
# Added by prepare_extra.py (Debian festvox-us-slt-hts: HTS statistical-parametric voice with
# an MLSA vocoder; festvox-kdlpc16k: residual-LPC diphones).
EXTRA_FESTIVAL_VOICES = ["cmu_us_slt_arctic_hts", "ked_diphone", "kal_diphone"]
