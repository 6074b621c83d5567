"""Lite (in-browser) architecture: small 2-D conv stem over the log filterbank, then
1-D temporal convs over the flattened (channels x bands) axis, mean+max pooling."""
import torch
import torch.nn as nn

from arch.fine_spectrum import FineSpectrum
from arch.frontend import FrontEnd, spec_mask
from arch.style_norm import IBN, MixStyle


def conv2d(cin, cout, stride, ibn=False):
    norm = IBN(cout) if ibn else nn.BatchNorm2d(cout)
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), norm, nn.ReLU())


def conv1d(cin, cout, stride=1, k=3):
    return nn.Sequential(nn.Conv1d(cin, cout, k, stride, k // 2, bias=False), nn.BatchNorm1d(cout), nn.ReLU())


COS_SCALE, COS_MID = 20.0, 0.55  # OC-softmax alpha and the midpoint of margins 0.9 / 0.2


class LiteNet(nn.Module):
    def __init__(self, frontend, channels=(16, 32, 32), width=128, dropout=0.2, freq_mask=0, time_mask=0,
                 head="linear", emb=64, fine=None, mixstyle=None, ibn=0,
                 stem_time_stride=(1, 2, 1)):
        super().__init__()
        self.masks = (freq_mask, time_mask)
        self.cosine = head == "cosine"
        self.frontend = FrontEnd(**frontend)
        c1, c2, c3 = channels
        cin = 1 + bool(frontend.get("phase")) + bool(frontend.get("group_delay"))
        # ibn: how many of the first stem layers use IBN; mixstyle: {p, alpha, after: [layer indices]}
        # stem_time_stride: (2, 2, 1) with a 5 ms front-end hop keeps the network's frame rate
        t1, t2, t3 = stem_time_stride
        self.stem = nn.Sequential(conv2d(cin, c1, (2, t1), ibn > 0), conv2d(c1, c2, (2, t2), ibn > 1),
                                  conv2d(c2, c3, (2, t3), ibn > 2))
        mix = dict(mixstyle or {})
        self.mix_after = set(mix.pop("after", [0, 1])) if mixstyle else set()
        if not self.mix_after <= {0, 1, 2}:
            raise ValueError(f"mixstyle.after: stem layer indices 0-2, got {sorted(self.mix_after)}")
        self.mix = MixStyle(**mix) if mixstyle else None
        bands = frontend.get("n_bands", 64)
        flat = c3 * ((((bands + 1) // 2 + 1) // 2 + 1) // 2)
        self.temporal = nn.Sequential(conv1d(flat, width), conv1d(width, width, 2), conv1d(width, width))
        self.drop = nn.Dropout(dropout)
        self.fine = FineSpectrum(**fine) if fine else None  # long-term fine spectrum branch
        pooled = 2 * width + (self.fine.out_dim if fine else 0)
        if self.cosine:  # one-class (OC-softmax) head: bona fide embeddings gather round one direction
            self.head = nn.Linear(pooled, emb)
            self.centre = nn.Parameter(torch.randn(emb))
        else:
            self.head = nn.Linear(pooled, 1)

    def forward(self, wave):  # (B, N) -> (B,)
        return self.score(self.embed(wave))

    def score(self, pooled):
        if not self.cosine:
            return self.head(self.drop(pooled)).squeeze(1)
        e = self.head(self.drop(pooled))
        cos = (e * self.centre).sum(1) / (e.norm(dim=1) * self.centre.norm() + 1e-6)
        return COS_SCALE * (COS_MID - cos)  # logit: higher = further from bona fide

    def embed(self, wave):  # (B, N) -> (B, 2 * width [+ fine.out_dim]) pooled features
        x = self.frontend.normalise(wave)
        f = self.frontend.features(x)
        if self.training and any(self.masks):
            f = spec_mask(f, *self.masks)
        if f.dim() == 3:
            f = f.unsqueeze(1)  # (B, 1, bands, T)
        h = f
        for i, layer in enumerate(self.stem):  # -> (B, c3, bands/8, T/(t1*t2*t3))
            h = layer(h)
            if i in self.mix_after:
                h = self.mix(h)
        h = self.temporal(h.flatten(1, 2))  # (B, width, T/(2*t1*t2*t3))
        pooled = [h.mean(dim=2), h.amax(dim=2)]
        if self.fine is not None:
            pooled.append(self.fine(x))
        return torch.cat(pooled, dim=1)
