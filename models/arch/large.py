"""Large (companion) architecture: residual 2-D CNN over a finer log filterbank with
squeeze-excitation, frequency-collapsing, then attentive statistics pooling over time."""
import torch
import torch.nn as nn

from arch.frontend import FrontEnd, spec_mask


class ResBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
            nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.skip = (nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
                     if stride != 1 or cin != cout else nn.Identity())
        self.se = nn.Sequential(nn.Linear(cout, cout // 4), nn.ReLU(), nn.Linear(cout // 4, cout), nn.Sigmoid())

    def forward(self, x):
        h = self.body(x)
        h = h * self.se(h.mean(dim=(2, 3)))[:, :, None, None]
        return torch.relu(h + self.skip(x))


class LargeNet(nn.Module):
    def __init__(self, frontend, channels=(16, 32, 48, 64), width=192, dropout=0.3, freq_mask=0, time_mask=0):
        super().__init__()
        self.masks = (freq_mask, time_mask)
        self.frontend = FrontEnd(**frontend)
        c0 = channels[0]
        self.stem = nn.Sequential(nn.Conv2d(1, c0, 3, (2, 2), 1, bias=False), nn.BatchNorm2d(c0), nn.ReLU())
        blocks, cin = [], c0
        for i, c in enumerate(channels):
            blocks.append(ResBlock(cin, c, (2, 2) if i in (1, 2) else (2, 1) if i == 3 else 1))
            cin = c
        self.blocks = nn.Sequential(*blocks)
        bands = frontend.get("n_bands", 80)
        for _ in range(4):
            bands = (bands + 1) // 2
        self.proj = nn.Sequential(nn.Conv1d(cin * bands, width, 1, bias=False), nn.BatchNorm1d(width), nn.ReLU())
        self.att = nn.Conv1d(width, 1, 1)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(2 * width, 1)

    def forward(self, wave):  # (B, N) -> (B,)
        f = self.frontend(wave)
        if self.training and any(self.masks):
            f = spec_mask(f, *self.masks)
        f = f.unsqueeze(1)  # (B, 1, bands, T)
        h = self.blocks(self.stem(f))  # (B, C, bands/16, T/8)
        h = self.proj(h.flatten(1, 2))  # (B, width, T/8)
        w = torch.softmax(self.att(h), dim=2)  # (B, 1, T/8)
        mu = (h * w).sum(dim=2)
        sd = torch.sqrt(((h * h) * w).sum(dim=2) - mu * mu + 1e-5)
        return self.head(self.drop(torch.cat([mu, sd], dim=1))).squeeze(1)
