"""Two domain-generalisation layers for the conv stem, both aimed at the per-source "style"
(microphone, room, codec, loudness processing) that a model can learn in place of artifacts:

- MixStyle (Zhou et al., ICLR 2021): during training, each crop's per-channel feature
  statistics (mean and std over frequency and time) are mixed with those of another crop
  of the batch, so the statistics stop identifying a source. `groups` (the batch labels)
  restricts the partner to the same class, so the class evidence that lives in the
  statistics is not swapped between bona fide and spoof. The identity at inference and in
  the exported graph; no parameters.
- IBN (Pan et al., ECCV 2018): half the channels instance-normalised (per crop statistics
  removed at inference too), half batch-normalised.
"""
import torch
import torch.nn as nn


class MixStyle(nn.Module):
    train_only = True  # a training-time perturbation: off while BatchNorm statistics are re-estimated

    def __init__(self, p=0.5, alpha=0.1, eps=1e-6, within_class=True):
        super().__init__()
        self.p, self.alpha, self.eps, self.within = p, alpha, eps, within_class
        self.groups = None  # labels of the current batch, set by the training loop before each forward

    def forward(self, x):  # x: (B, C, F, T)
        if not self.training or torch.rand(1).item() > self.p:
            return x
        b = x.size(0)
        if self.within and (self.groups is None or len(self.groups) != b):
            raise ValueError("class-conditional MixStyle needs this batch's labels in .groups")
        mu = x.mean(dim=(2, 3), keepdim=True).detach()  # (B, C, 1, 1)
        sig = (x.var(dim=(2, 3), keepdim=True) + self.eps).sqrt().detach()  # (B, C, 1, 1)
        lam = torch.distributions.Beta(self.alpha, self.alpha).sample((b, 1, 1, 1))  # (B, 1, 1, 1)
        perm = partner(b, self.groups if self.within else None)
        mu_mix = lam * mu + (1 - lam) * mu[perm]
        sig_mix = lam * sig + (1 - lam) * sig[perm]
        return (x - mu) / sig * sig_mix + mu_mix


def partner(b, groups=None):
    """A random permutation of 0..b-1; with groups (b labels), each row's partner is in its own group."""
    if groups is None:
        return torch.randperm(b)
    perm = torch.arange(b)
    for g in torch.unique(groups):
        rows = torch.nonzero(groups == g).flatten()
        perm[rows] = rows[torch.randperm(len(rows))]
    return perm


class IBN(nn.Module):
    """Instance norm on the first half of the channels, batch norm on the rest."""
    def __init__(self, channels):
        super().__init__()
        self.half = channels // 2
        self.inorm = nn.InstanceNorm2d(self.half, affine=True)
        self.bn = nn.BatchNorm2d(channels - self.half)

    def forward(self, x):
        a, b = torch.split(x, [self.half, x.size(1) - self.half], dim=1)
        return torch.cat([self.inorm(a.contiguous()), self.bn(b.contiguous())], dim=1)
