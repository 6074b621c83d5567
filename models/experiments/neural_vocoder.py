"""A small neural vocoder trained here, so the local spoof set has neural-vocoder artifacts
(transposed-convolution upsampling, learned phase) and not only DSP ones (Griffin-Lim,
phase vocoder, LPC, harmonic-plus-noise). MelGAN-style generator (log-mel -> waveform,
x8 x5 x4 transposed convolutions with dilated residual stacks), trained with a
multi-resolution STFT loss only: no weights are downloaded, it learns from the bona fide
clips in minutes on a CPU and sounds like an early, imperfect neural vocoder."""
import time

import numpy as np
import torch
import torch.nn as nn
import torchaudio

SR, HOP, N_MELS = 16000, 160, 80
UPSAMPLE = (8, 5, 4)  # product = HOP
RESOLUTIONS = ((512, 128, 512), (1024, 256, 1024), (256, 64, 256))  # n_fft, hop, win


class ResStack(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.blocks = nn.ModuleList(
            nn.Sequential(nn.LeakyReLU(0.2), nn.Conv1d(ch, ch, 3, dilation=d, padding=d),
                          nn.LeakyReLU(0.2), nn.Conv1d(ch, ch, 1)) for d in (1, 3, 9))

    def forward(self, x):
        for b in self.blocks:
            x = x + b(x)
        return x


class Vocoder(nn.Module):
    def __init__(self, ch=128):
        super().__init__()
        layers = [nn.Conv1d(N_MELS, ch, 7, padding=3)]
        for u in UPSAMPLE:
            layers += [nn.LeakyReLU(0.2),
                       nn.ConvTranspose1d(ch, ch // 2, 2 * u, stride=u, padding=u // 2 + u % 2, output_padding=u % 2),
                       ResStack(ch // 2)]
            ch //= 2
        layers += [nn.LeakyReLU(0.2), nn.Conv1d(ch, 1, 7, padding=3), nn.Tanh()]
        self.net = nn.Sequential(*layers)

    def forward(self, mel):  # (B, N_MELS, T) -> (B, T * HOP)
        return self.net(mel).squeeze(1)


class LogMel(nn.Module):
    def __init__(self):
        super().__init__()
        self.mel = torchaudio.transforms.MelSpectrogram(SR, n_fft=1024, win_length=640, hop_length=HOP,
                                                        n_mels=N_MELS, f_min=0.0, f_max=8000.0, power=1.0)

    def forward(self, wave):  # (B, N) -> (B, N_MELS, N // HOP)
        return torch.log(self.mel(wave)[:, :, :wave.shape[1] // HOP] + 1e-5)


def stft_loss(y, x):
    """Multi-resolution STFT loss: spectral convergence + log-magnitude L1."""
    total = 0.0
    for n_fft, hop, win in RESOLUTIONS:
        w = torch.hann_window(win)
        sy = torch.stft(y, n_fft, hop, win, w, return_complex=True).abs().clamp(min=1e-7)
        sx = torch.stft(x, n_fft, hop, win, w, return_complex=True).abs().clamp(min=1e-7)
        total = total + torch.norm(sx - sy) / torch.norm(sx) + (sx.log() - sy.log()).abs().mean()
    return total / len(RESOLUTIONS)


def train(clips, minutes, seed=0, segment=8000, batch=16, log=print):
    """clips: list of float32 numpy arrays (16 kHz bona fide speech). Returns (vocoder, logmel, steps)."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    voc, mel = Vocoder(), LogMel()
    opt = torch.optim.Adam(voc.parameters(), lr=1e-3, betas=(0.8, 0.99))
    clips = [c for c in clips if len(c) > segment]
    t0, step = time.time(), 0
    while time.time() - t0 < 60 * minutes:
        x = np.stack([c[s:s + segment] for c in (clips[i] for i in rng.integers(len(clips), size=batch))
                      for s in [int(rng.integers(len(c) - segment))]])
        x = torch.from_numpy(x / (np.abs(x).max(axis=1, keepdims=True) + 1e-6) * 0.9).float()
        loss = stft_loss(voc(mel(x)), x)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(voc.parameters(), 10.0)
        opt.step()
        step += 1
        if step % 200 == 0:
            log(f"vocoder step {step} loss {loss.item():.3f} {time.time() - t0:.0f}s")
    return voc.eval(), mel, step


@torch.no_grad()
def resynth(voc, mel, x, chunk=16000 * 20):
    """Vocode one clip (float32 numpy) from its own log-mel, in chunks; same level as x."""
    peak = float(np.abs(x).max()) + 1e-6
    t = torch.from_numpy((x / peak * 0.9).astype(np.float32))[None]
    out = [voc(mel(t[:, s:s + chunk]))[0] for s in range(0, t.shape[1] - HOP + 1, chunk)]
    y = torch.cat(out).numpy() if out else np.zeros(0, np.float32)
    return (y / 0.9 * peak).astype(np.float32)
