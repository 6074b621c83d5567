"""Score metrics: EER, Platt calibration, quantile thresholds."""
import numpy as np


def eer(scores, labels):
    """Equal error rate; labels 1 = spoof (positive, higher score)."""
    s, y = np.asarray(scores, float), np.asarray(labels, int)
    if y.min() == y.max():
        return float("nan")
    order = np.argsort(-s, kind="mergesort")
    y = y[order]
    tp = np.cumsum(y) / y.sum()  # detection rate when thresholding after each item
    fp = np.cumsum(1 - y) / (1 - y).sum()
    fnr = 1 - tp
    i = int(np.argmin(np.abs(fnr - fp)))
    return float((fnr[i] + fp[i]) / 2)


def class_weights(labels):
    """Per-item weights giving each class half of the total."""
    y = np.asarray(labels, float)
    return np.where(y == 1, 0.5 / y.sum(), 0.5 / (1 - y).sum())


def platt_loss(scores, labels, a, b, w=None):
    """Class-weighted log-loss of P(spoof)=sigmoid(a*s+b), stable for large |a*s+b|."""
    s, y = np.asarray(scores, float), np.asarray(labels, float)
    z = a * s + b
    return float(np.sum((class_weights(y) if w is None else w) * (np.logaddexp(0, z) - y * z)))


def platt(scores, labels, iters=100):
    """Fit P(spoof)=sigmoid(a*s+b) by Newton's method, classes weighted equally
    (so 0.5 means even odds at a 50/50 prior, not the corpus's 2:1 spoof ratio).
    Each Newton step is halved until the weighted log-loss decreases: a full step
    diverges on heavy-tailed scores (overlapping classes with a few very confident
    windows), which left a run's presets at 0 % without an error."""
    s, y = np.asarray(scores, float), np.asarray(labels, float)
    w = class_weights(y)

    def loss(a, b):
        return platt_loss(s, y, a, b, w)

    a, b = 1.0, 0.0
    cur = loss(a, b)
    for _ in range(iters):
        p = sigmoid(a * s + b)
        g = np.array([np.sum(w * (p - y) * s), np.sum(w * (p - y))])
        r = w * p * (1 - p)
        h = np.array([[np.sum(r * s * s), np.sum(r * s)], [np.sum(r * s), np.sum(r)]]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(h, g)
        t = 1.0
        while t > 1e-8 and loss(a - t * step[0], b - t * step[1]) > cur:
            t /= 2
        if t <= 1e-8:
            break
        a, b = a - t * step[0], b - t * step[1]
        cur = loss(a, b)
        if np.abs(t * step).max() < 1e-10:
            break
    return float(a), float(b)


def sigmoid(x):
    """Logistic function without overflow warnings for large |x|."""
    x = np.asarray(x, float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def threshold_for_fpr(bona_probs, fpr):
    """Smallest threshold with at most `fpr` of bona fide strictly above it."""
    return float(np.quantile(np.asarray(bona_probs, float), 1 - fpr, method="higher"))


def rates(probs, labels, thr):
    p, y = np.asarray(probs, float), np.asarray(labels, int)
    flag = p > thr
    return dict(fpr=float(flag[y == 0].mean()) if (y == 0).any() else None,
                detection=float(flag[y == 1].mean()) if (y == 1).any() else None)
