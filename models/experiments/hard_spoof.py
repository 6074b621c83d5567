"""Hard spoof made on the fly from a bona fide crop and its sample-aligned local resynthesis.

The local vocoders (Griffin-Lim, HNM, LPC) are so crude that a model separates them almost
perfectly (held-out logits +3...+12) while corpus generators still pass as human. A spliced
crop keeps the real recording and takes only part of the time-frequency plane from the
resynthesis: above a random cut-off frequency, inside a random stretch of time, either the
whole STFT of the resynthesis or only its phase under the real magnitude. What is left to
find is a local, partial artifact, the kind a good neural vocoder leaves."""
import torch

N_FFT, HOP = 512, 128
SR = 16000
ALIGNED_PREFIXES = ("resynth-griffinlim", "resynth-hnm", "resynth-lpc", "resynth-neuralvoc")


def aligned(system):
    """True for local resyntheses that keep the parent's time axis (not the phase vocoder)."""
    return system.startswith(ALIGNED_PREFIXES)


def _rand(g, lo, hi, n):
    return lo + (hi - lo) * torch.rand(n, generator=g)


def splice_mask(n_rows, n_freqs, n_frames, g, f_lo=1000.0, f_hi=6000.0, min_time=0.4):
    """(n_rows, n_freqs, n_frames) in [0, 1]: 1 where the resynthesis is used. A soft step
    (about 250 Hz wide) above a cut-off in [f_lo, f_hi), times a window covering a random
    min_time..1 fraction of the frames with 4-frame ramps."""
    freqs = torch.linspace(0, SR / 2, n_freqs)
    cut = _rand(g, f_lo, f_hi, n_rows)
    fmask = torch.sigmoid((freqs[None] - cut[:, None]) / 60.0)  # (rows, F)
    span = _rand(g, min_time, 1.0, n_rows) * n_frames
    start = torch.rand(n_rows, generator=g) * (n_frames - span)
    t = torch.arange(n_frames, dtype=torch.float32)[None]
    rise = torch.clamp((t - start[:, None]) / 4.0, 0, 1)
    fall = torch.clamp((start[:, None] + span[:, None] - t) / 4.0, 0, 1)
    return fmask[:, :, None] * (rise * fall)[:, None, :]


def splice(bona, twin, g, p_phase_only=0.5):
    """bona, twin: (B, N) float, sample-aligned. Returns (B, N): the bona fide STFT with the
    masked region taken from the twin (whole STFT, or with probability p_phase_only the
    twin's phase under the bona fide magnitude), back to a waveform by ISTFT."""
    n = bona.shape[1]
    win = torch.hann_window(N_FFT)
    xb = torch.stft(bona, N_FFT, HOP, window=win, return_complex=True)
    xt = torch.stft(twin, N_FFT, HOP, window=win, return_complex=True)
    phase_only = (torch.rand(bona.shape[0], generator=g) < p_phase_only)[:, None, None]
    unit = xt / (xt.abs() + 1e-8)
    repl = torch.where(phase_only, xb.abs() * unit, xt)
    m = splice_mask(bona.shape[0], xb.shape[1], xb.shape[2], g)
    y = torch.istft(xb * (1 - m) + repl * m, N_FFT, HOP, window=win, length=n)
    return torch.nan_to_num(y).clamp(-1.0, 1.0)


def hard_rows(x, pairs, g):
    """x from Sampler.paired_batch(aligned=True): rows pairs..2*pairs-1 (the resyntheses) are
    replaced by spliced crops of their bona fide rows 0..pairs-1 (labels stay spoof)."""
    if not pairs:
        return x
    out = x.clone()
    out[pairs:2 * pairs] = splice(x[:pairs], x[pairs:2 * pairs], g)
    return out

