"""Baseline of another model family: L2 logistic regression on clip statistics of the in-graph
front end (per band: mean and std of log power, mean and std of phase stability, mean absolute
frame-to-frame change; 300 features), leave-source-out on the same 4 folds and channel
conditions as train.py, then fused with a run's held-out CNN scores.

  /usr/bin/python3 models/stats_baseline.py --run models/runs/lite-phase-long

Prints pooled and per-fold EER of the baseline and of z-score fusions with the run
(fusion weight picked from five values on the same scores, so the best fusion is optimistic)."""
import sys  # noqa: E402
from pathlib import Path as _Path
sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))  # models/, when run as a script
from lib import common  # noqa: F401  (sets OpenMP env before torch loads)
import argparse
import json
from pathlib import Path

import numpy as np
import torch

from lib.common import load_index, load_waves, set_threads
from lib.data import CONDITIONS, condition, split
from arch.frontend import FrontEnd
from lib.metrics import eer

MAX_SECONDS = 6


def clip_stats(fe, x):
    with torch.no_grad():
        f = fe(torch.from_numpy(np.ascontiguousarray(x))[None])[0]  # (2, bands, T)
    logp, phase = f[0] - f[0].mean(), f[1]  # level-free log power
    flux = (logp[:, 1:] - logp[:, :-1]).abs().mean(1)
    return torch.cat([logp.mean(1), logp.std(1), phase.mean(1), phase.std(1), flux]).numpy()


def features(items, waves, k):
    fe = FrontEnd(n_fft=320, hop=160, n_bands=60, scale="linear", phase=True, cmn=False)
    X, meta = [], []
    for f in range(k):
        for i in split(items, f, k)[1]:
            for c in CONDITIONS:
                X.append(clip_stats(fe, condition(waves, items[i], c)[:16000 * MAX_SECONDS]))
                meta.append((int(i), f, items[i]["label"], c))
    return np.array(X, np.float32), meta


def fit_logistic(X, y, l2=1e-2):
    """Class-balanced L2 logistic regression (LBFGS); returns (w, b)."""
    xt, yt = torch.from_numpy(X), torch.from_numpy(y.astype(np.float32))
    w = torch.zeros(X.shape[1], requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    pos = yt.mean()
    weight = torch.where(yt > 0, 0.5 / pos, 0.5 / (1 - pos))
    opt = torch.optim.LBFGS([w, b], max_iter=300)

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(xt @ w + b, yt, weight=weight) + l2 * (w * w).sum()
        loss.backward()
        return loss
    opt.step(closure)
    return w.detach().numpy(), float(b)


def out_of_fold(X, y, fold):
    s = np.zeros(len(y))
    for f in np.unique(fold):
        tr = fold != f
        mu, sd = X[tr].mean(0), X[tr].std(0) + 1e-6
        w, b = fit_logistic((X[tr] - mu) / sd, y[tr])
        s[~tr] = ((X[~tr] - mu) / sd) @ w + b
    return s


def report(name, s, y, fold):
    per = " / ".join(f"{100 * eer(s[fold == f], y[fold == f]):.1f}" for f in np.unique(fold))
    print(f"{name}: pooled EER {100 * eer(s, y):.1f} %, per fold {per}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True, help="run whose fold*/scores.json to fuse with")
    ap.add_argument("--folds", type=int, default=4)
    a = ap.parse_args()
    set_threads()
    X, meta = features(load_index(), load_waves(), a.folds)
    y, fold = np.array([m[2] for m in meta]), np.array([m[1] for m in meta])
    s = out_of_fold(X, y, fold)
    report("stats baseline", s, y, fold)
    cnn = {}
    for path in sorted(Path(a.run).glob("fold*/scores.json")):
        for r in json.loads(path.read_text()):
            cnn.update({(r["item"], c): r[c] for c in CONDITIONS})
    have = np.array([(m[0], m[3]) in cnn for m in meta])
    c = np.array([cnn.get((m[0], m[3]), 0.0) for m in meta])
    z = lambda v: (v - v[have].mean()) / v[have].std()  # noqa: E731
    for wt in (0.0, 0.25, 0.5, 0.75, 1.0):
        report(f"fusion, baseline weight {wt}", (wt * z(s) + (1 - wt) * z(c))[have], y[have], fold[have])


if __name__ == "__main__":
    main()
