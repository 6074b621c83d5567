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


class FrontEnd(nn.Module):
    def __init__(self, n_fft=400, hop=160, n_bands=64, scale="linear", sr=16000, cmn=True):
        super().__init__()
        self.hop, self.cmn = hop, cmn
        n_freqs = n_fft // 2 + 1
        n = torch.arange(n_fft, dtype=torch.float64)
        k = torch.arange(n_freqs, dtype=torch.float64)[:, None]
        win = torch.hann_window(n_fft, periodic=True, dtype=torch.float64)
        ang = 2 * math.pi * k * n / n_fft
        kern = torch.cat([win * torch.cos(ang), -win * torch.sin(ang)], 0) / math.sqrt(n_fft)
        self.register_buffer("dft", kern.float()[:, None, :])  # (2F, 1, n_fft)
        self.register_buffer("fbank", filterbank(n_freqs, n_bands, sr, scale))  # (bands, F)
        self.n_freqs = n_freqs

    def forward(self, wave):  # wave: (B, N)
        x = wave - wave.mean(dim=1, keepdim=True)
        x = x / (torch.sqrt((x * x).mean(dim=1, keepdim=True)) + 1e-4)
        x = torch.cat([x[:, :1], x[:, 1:] - 0.97 * x[:, :-1]], dim=1)
        spec = nn.functional.conv1d(x.unsqueeze(1), self.dft, stride=self.hop)  # (B, 2F, T)
        re, im = spec[:, :self.n_freqs], spec[:, self.n_freqs:]
        power = re * re + im * im  # (B, F, T)
        feats = torch.log(torch.matmul(self.fbank, power) + 1e-6)  # (B, bands, T)
        if self.cmn:
            feats = feats - feats.mean(dim=2, keepdim=True)
        return feats


def n_frames(n_samples, n_fft, hop):
    return (n_samples - n_fft) // hop + 1
