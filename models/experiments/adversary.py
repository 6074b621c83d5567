"""Source-adversarial training: small heads try to tell which source a training window came
from, within its class, and their gradient is reversed into the detector. The corpus's
strongest shortcut is source identity (channel, speaker set, recording chain); pushing it
out of the pooled features leaves the model fewer cues that do not carry to a new source."""
import numpy as np
import torch
import torch.nn as nn


class GradReverse(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lam):
        ctx.lam = lam
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return -ctx.lam * grad, None


class SourceAdversary(nn.Module):
    """One head per class over that class's training sources (class-conditional, so the
    heads cannot learn the label itself). forward -> cross-entropy of the source heads."""

    def __init__(self, dim, items, idx, hidden=64):
        super().__init__()
        self.source_id = [np.full(len(items), -1, np.int64) for _ in (0, 1)]
        heads = []
        for label in (0, 1):
            names = sorted({items[i]["source"] for i in idx if items[i]["label"] == label})
            lookup = {s: k for k, s in enumerate(names)}
            for i in idx:
                if items[i]["label"] == label:
                    self.source_id[label][i] = lookup[items[i]["source"]]
            heads.append(nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, max(len(names), 1))))
        self.heads = nn.ModuleList(heads)
        self.ce = nn.CrossEntropyLoss()

    def forward(self, pooled, item_ids, y, lam):
        h = GradReverse.apply(pooled, lam)
        losses = []
        for label in (0, 1):
            target = torch.from_numpy(self.source_id[label][item_ids])
            rows = (y == label) & (target >= 0)
            if rows.any():
                losses.append(self.ce(self.heads[label](h[rows]), target[rows]))
        return torch.stack(losses).mean() if losses else pooled.sum() * 0
