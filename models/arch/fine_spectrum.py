"""Long-term fine spectrum branch (config model.fine): the whitened, high-resolution
average log spectrum of the window. Neural vocoders leave stationary, narrow-band traces
that a 133 Hz filterbank and per-band mean removal cannot see: tones from transposed-
convolution upsampling at fixed multiples of the frame rate, and aliased (mirrored)
harmonics from the nonlinearities. Averaging 2 s of a 1024-point STFT keeps those lines
while speech harmonics, which move with pitch, smear out; subtracting a local average over
frequency removes the spectral envelope (channel, speaker) and leaves only the fine detail.
ONNX: Conv1d (DFT kernels), Mul/Add, ReduceMean, Log, AveragePool (ort-web wasm runs them)."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from arch.frontend import dft_kernels


class FineSpectrum(nn.Module):
    def __init__(self, n_fft=1024, hop=1024, smooth=9, channels=(8, 16), lo_bin=4):
        super().__init__()
        n_freqs = n_fft // 2 + 1
        self.register_buffer("dft", dft_kernels(n_fft))  # (2F, 1, n_fft)
        self.hop, self.n_freqs, self.smooth, self.lo = hop, n_freqs, smooth, lo_bin
        c1, c2 = channels
        self.net = nn.Sequential(
            nn.Conv1d(1, c1, 5, 2, 2, bias=False), nn.BatchNorm1d(c1), nn.ReLU(),
            nn.Conv1d(c1, c2, 5, 2, 2, bias=False), nn.BatchNorm1d(c2), nn.ReLU())
        self.out_dim = 2 * c2

    def residual(self, x):  # x: (B, N) level-normalised, pre-emphasised -> (B, 1, F - lo)
        spec = F.conv1d(x.unsqueeze(1), self.dft, stride=self.hop)  # (B, 2F, T)
        re, im = spec[:, :self.n_freqs], spec[:, self.n_freqs:]
        ltas = torch.log((re * re + im * im).mean(dim=2) + 1e-6)[:, None, self.lo:]  # (B, 1, F - lo)
        env = F.avg_pool1d(ltas, self.smooth, 1, self.smooth // 2, count_include_pad=False)
        return ltas - env

    def forward(self, x):  # (B, N) -> (B, out_dim)
        h = self.net(self.residual(x))  # (B, c2, (F - lo) / 4)
        return torch.cat([h.mean(dim=2), h.amax(dim=2)], dim=1)
