"""Spectral front end that lives inside the exported graph: level normalisation,
pre-emphasis, STFT as a strided Conv1d with fixed windowed-DFT kernels, power,
filterbank MatMul, log and per-band mean removal. Only Conv/Mul/Add/MatMul/Log/
ReduceMean/Sqrt ops, so onnxruntime-web (wasm) runs it; no ONNX STFT op."""
import math

import torch
import torch.nn as nn
import torchaudio.functional as AF


def filterbank(n_freqs, n_bands, sr, scale):
    """(n_bands, n_freqs) triangular filters, mel or linear spacing up to Nyquist."""
    if scale == "mel":
        fb = AF.melscale_fbanks(n_freqs, 20.0, sr / 2, n_bands, sr, norm=None, mel_scale="htk")
        return fb.T.contiguous()
    edges = torch.linspace(0, sr / 2, n_bands + 2)
    freqs = torch.linspace(0, sr / 2, n_freqs)
    lo, mid, hi = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    up = (freqs[None] - lo) / (mid - lo)
    down = (hi - freqs[None]) / (hi - mid)
    return torch.clamp(torch.minimum(up, down), min=0.0)


def dft_kernels(n_fft):
    """(2F, 1, n_fft) Conv1d kernels of a Hann-windowed DFT, F = n_fft // 2 + 1: the real parts
    then the imaginary parts, scaled by 1/sqrt(n_fft)."""
    n = torch.arange(n_fft, dtype=torch.float64)
    k = torch.arange(n_fft // 2 + 1, dtype=torch.float64)[:, None]
    win = torch.hann_window(n_fft, periodic=True, dtype=torch.float64)
    ang = 2 * math.pi * k * n / n_fft
    kern = torch.cat([win * torch.cos(ang), -win * torch.sin(ang)], 0) / math.sqrt(n_fft)
    return kern.float()[:, None, :]


class FrontEnd(nn.Module):
    def __init__(self, n_fft=400, hop=160, n_bands=64, scale="linear", sr=16000, cmn=True, phase=False,
                 group_delay=False):
        super().__init__()
        self.hop, self.cmn, self.phase, self.group_delay = hop, cmn, phase, group_delay
        n_freqs = n_fft // 2 + 1
        self.register_buffer("dft", dft_kernels(n_fft))  # (2F, 1, n_fft)
        self.register_buffer("fbank", filterbank(n_freqs, n_bands, sr, scale))  # (bands, F)
        self.n_freqs = n_freqs

    @staticmethod
    def normalise(wave):  # (B, N): DC removed, unit RMS, pre-emphasis
        x = wave - wave.mean(dim=1, keepdim=True)
        x = x / (torch.sqrt((x * x).mean(dim=1, keepdim=True)) + 1e-4)
        return torch.cat([x[:, :1], x[:, 1:] - 0.97 * x[:, :-1]], dim=1)

    def forward(self, wave):  # wave: (B, N)
        return self.features(self.normalise(wave))

    def features(self, x):  # x: normalised (B, N)
        spec = nn.functional.conv1d(x.unsqueeze(1), self.dft, stride=self.hop)  # (B, 2F, T)
        re, im = spec[:, :self.n_freqs], spec[:, self.n_freqs:]
        power = re * re + im * im  # (B, F, T)
        feats = torch.log(torch.matmul(self.fbank, power) + 1e-6)  # (B, bands, T)
        if self.cmn:
            feats = feats - feats.mean(dim=2, keepdim=True)
        if not self.phase:
            return feats
        chans = [feats, self.phase_stability(re, im)]
        if self.group_delay:
            chans.append(self.group_delay_feature(re, im))
        return torch.stack(chans, dim=1)  # (B, 2 or 3, bands, T)

    def group_delay_feature(self, re, im):
        """Per band and frame, where in the frame the energy sits: adjacent-bin phase
        difference G = X_k+1 conj(X_k), turned so a pulse at the frame centre gives +1,
        pooled per band as Re(G)/|G| weighted by energy."""
        gr = -(re[:, 1:] * re[:, :-1] + im[:, 1:] * im[:, :-1])
        gi = -(im[:, 1:] * re[:, :-1] - re[:, 1:] * im[:, :-1])
        gr, gi = torch.cat([gr, gr[:, -1:]], dim=1), torch.cat([gi, gi[:, -1:]], dim=1)
        mag = torch.sqrt(gr * gr + gi * gi + 1e-12)
        return torch.matmul(self.fbank, gr) / (torch.matmul(self.fbank, mag) + 1e-6)

    def phase_stability(self, re, im):
        """Per band and frame, how steadily the phase advances: P_t = X_t+1 conj(X_t) is the
        per-bin phase advance, A_t = P_t conj(P_t-1) its change (the expected advance of a
        bin cancels out). Band mean of Re(A)/|A|, energy weighted: 1 for stationary partials,
        ~0 for noise, other values for phase a vocoder made up. Real arithmetic only (ONNX)."""
        pr = re[:, :, 1:] * re[:, :, :-1] + im[:, :, 1:] * im[:, :, :-1]
        pi = im[:, :, 1:] * re[:, :, :-1] - re[:, :, 1:] * im[:, :, :-1]
        ar = pr[:, :, 1:] * pr[:, :, :-1] + pi[:, :, 1:] * pi[:, :, :-1]
        ai = pi[:, :, 1:] * pr[:, :, :-1] - pr[:, :, 1:] * pi[:, :, :-1]
        mag = torch.sqrt(ar * ar + ai * ai + 1e-12)
        stab = torch.matmul(self.fbank, ar) / (torch.matmul(self.fbank, mag) + 1e-6)  # (B, bands, T-2)
        return torch.cat([stab[:, :, :1], stab, stab[:, :, -1:]], dim=2)


def n_frames(n_samples, n_fft, hop):
    return (n_samples - n_fft) // hop + 1


def spec_mask(feats, max_bands, max_frames):
    """SpecAugment for training: one random band block and one frame block per example set
    to the example's mean (per channel), so no single band or moment carries the decision.
    feats: (B, bands, T) or (B, C, bands, T); the same blocks cover every channel."""
    x = feats if feats.dim() == 4 else feats.unsqueeze(1)
    b, _, nb, nt = x.shape
    out = x.clone()
    fill = x.mean(dim=(2, 3))[:, :, None, None]  # (B, C, 1, 1)
    for i in range(b):
        if max_bands:
            w = int(torch.randint(0, max_bands + 1, (1,)))
            s = int(torch.randint(0, max(nb - w, 1), (1,)))
            out[i, :, s:s + w, :] = fill[i]
        if max_frames:
            w = int(torch.randint(0, max_frames + 1, (1,)))
            s = int(torch.randint(0, max(nt - w, 1), (1,)))
            out[i, :, :, s:s + w] = fill[i]
    return out if feats.dim() == 4 else out.squeeze(1)
