"""Train step. One config per experiment (models/configs/*.json).

  /usr/bin/python3 models/train.py --config models/configs/lite-phase.json --fold all
      k source folds (each: train on the other folds, score held-out corpus clips under
      4 channel conditions -> runs/<name>/fold<k>/scores.json), then the final model on
      all data (runs/<name>/final) unless config "final" is "ensemble".
  --fold 2 | --fold final   run just one of those.
"""
from lib import common  # noqa: F401  (sets OpenMP env before torch loads)
import argparse
import json
import math
import shutil
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

from experiments.adversary import SourceAdversary
from lib.weight_average import WeightAverage
from lib.augment import DEFAULT as AUG_DEFAULT, augment, silent_windows
from lib import config
from lib.common import RUNS, load_index, load_json, load_waves, save_json, set_threads
from experiments.hard_spoof import aligned, hard_rows
from lib.data import CONDITIONS, VARIANT_P, Sampler, clip_windows, condition, load_fold_base, split, split_family


def build(cfg):
    if cfg["arch"] == "lite":
        from arch.lite import LiteNet
        return LiteNet(cfg["frontend"], **cfg.get("model", {}))
    if cfg["arch"] == "large":
        from arch.large import LargeNet
        return LargeNet(cfg["frontend"], **cfg.get("model", {}))
    raise ValueError(f"unknown arch {cfg['arch']}")


def load_model(cfg, run_dir):
    m = build(cfg)
    m.load_state_dict(torch.load(Path(run_dir) / "model.pt"))
    return m.eval()


def augment_pairs(x, pairs, g, aug):
    """Channel augmentation; rows i and pairs + i (a bona fide clip and its spoof twin) get
    the very same channel: both halves are augmented from one generator state."""
    if not pairs:
        return augment(x, g, aug)
    state = g.get_state()
    bona = augment(x[:pairs], g, aug)
    g.set_state(state)
    twin = augment(x[pairs:2 * pairs], g, aug)
    return torch.cat([bona, twin, augment(x[2 * pairs:], g, aug)])


def batch_loss(model, x, y, g, cfg, loss_fn, pairs=0, adv=None, ids=None, lam=0.0):
    """Channel augmentation, no-speech windows, model, loss for one training batch; with
    `adv` (SourceAdversary) plus the reversed source loss on the windows that kept their label."""
    x = augment_pairs(x, pairs, g, cfg.get("augment"))
    y_in = y
    x, y = silent_windows(x, y, g, dict(AUG_DEFAULT, **(cfg.get("augment") or {}))["p_silent"])
    if getattr(model, "mix", None) is not None:
        model.mix.groups = y  # MixStyle partners from the same class (labels after relabelling)
    if adv is None:
        logits = model(x)
    else:
        pooled = model.embed(x)
        logits = model.score(pooled)
    if cfg.get("margin"):  # OC-softmax: bona fide cos > 0.9, spoof cos < 0.2 (logit +-7 margins)
        logits = logits - cfg["margin"] * (2 * y - 1)
    loss = loss_fn(logits, y)
    if adv is not None:
        keep = (y == y_in).numpy()
        loss = loss + adv(pooled[keep], ids[keep], y[keep], lam)
    return loss


def train_one(cfg, items, waves, idx, out, seed, member=None):
    torch.manual_seed(seed)
    model = build(cfg)
    if cfg.get("init"):  # warm start: the same member (fold<k> / final) of an earlier run
        path = Path(cfg["init"].format(member=member))
        model.load_state_dict(torch.load(path))
        print(f"warm start from {path}", flush=True)
    params = list(model.parameters())
    adv = None
    if cfg.get("source_adv"):  # weight of the reversed source loss (ramped up over training)
        adv = SourceAdversary(model.head.in_features, items, idx)
        params += list(adv.parameters())
    opt = torch.optim.AdamW(params, lr=cfg["lr"], weight_decay=cfg.get("weight_decay", 1e-3))
    pairs = int(cfg.get("pairs", 0))  # bona fide / spoof-twin pairs per batch, one channel each
    hard = int(cfg.get("hard_spoof", 0))  # pairs per batch whose twin is spliced (hard_spoof.py)
    sampler = config_sampler(cfg, items, idx, waves, seed)
    g = torch.Generator().manual_seed(seed)
    loss_fn = nn.BCEWithLogitsLoss()
    budget, max_steps, log = cfg["minutes"] * 60, cfg["max_steps"], []
    swa = WeightAverage(model, cfg["swa_start"]) if cfg.get("swa_start") is not None else None
    t0, step, run_loss = time.time(), 0, 0.0
    model.train()
    while True:
        progress = max(step / max_steps, (time.time() - t0) / budget)
        if progress >= 1:
            break
        lr = cfg["lr"] * min(1.0, progress / cfg.get("warmup", 0.03)) * 0.5 * (1 + math.cos(math.pi * progress))
        for group in opt.param_groups:
            group["lr"] = lr
        if hard:  # spliced resyntheses: rows hard..2*hard-1 become partial-artifact spoof
            x, y = sampler.paired_batch(hard, cfg["batch"], aligned=aligned)
            x = hard_rows(x, hard, g)
        else:
            x, y = sampler.paired_batch(pairs, cfg["batch"]) if pairs else sampler.batch(cfg["batch"])
        lam = cfg.get("source_adv", 0.0) * min(1.0, 2 * progress)
        loss = batch_loss(model, x, y, g, cfg, loss_fn, hard or pairs, adv, sampler.last, lam)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()
        step += 1
        if swa is not None:
            swa.update(model, step, progress)
        run_loss = 0.98 * run_loss + 0.02 * loss.item() if step > 1 else loss.item()
        if step % 50 == 0:
            log.append(dict(step=step, loss=round(run_loss, 4), lr=lr, t=round(time.time() - t0)))
            print(json.dumps(log[-1]), flush=True)
    out.mkdir(parents=True, exist_ok=True)
    info = dict(steps=step, seconds=round(time.time() - t0), log=log)
    (out / "model_last.pt").unlink(missing_ok=True)  # never score a stale one from an earlier run
    if swa is not None:  # keep the last weights too, for a paired comparison
        torch.save(model.state_dict(), out / "model_last.pt")
        swa.apply(model, recalibration_batches(sampler, cfg, g, cfg.get("swa_bn_batches", 40)))
        info.update(averaged=swa.count, swa_start=swa.start)
    torch.save(model.state_dict(), out / "model.pt")
    save_json(info, out / "train_log.json")
    return model.eval()


def recalibration_batches(sampler, cfg, g, n):
    """Training-distribution inputs (augmented, with no-speech windows) for BatchNorm statistics."""
    p_silent = dict(AUG_DEFAULT, **(cfg.get("augment") or {}))["p_silent"]
    for _ in range(n):
        x, y = sampler.batch(cfg["batch"])
        yield silent_windows(augment(x, g, cfg.get("augment")), y, g, p_silent)[0]


@torch.no_grad()
def score_clips(models, items, idx, waves, window, hop, max_windows, conditions=CONDITIONS, trace=0):
    """Clip score = mean logit over the clip's windows (<= max_windows, hop-spaced);
    with several models, the mean over models as well. trace > 0: also the logits of the
    clip's first `trace` consecutive hop-spaced windows (clean condition) as "trace", for
    clips with room for more than one window (evidence over time)."""
    rows = []
    for i in idx:
        it = items[i]
        row = dict(item=int(i), file=it.get("file", ""), label=it["label"], system=it["system"],
                   source=it["source"])
        for c in conditions:
            w = torch.from_numpy(clip_windows(condition(waves, it, c), window, hop, max_windows))
            row[c] = float(np.mean([m(w).mean().item() for m in models]))
        if trace:
            x = condition(waves, it, "clean")
            n = min(trace, max(0, (len(x) - window) // hop + 1))
            if n > 1:
                w = torch.from_numpy(np.stack([x[j * hop:j * hop + window] for j in range(n)]))
                row["trace"] = [round(float(v), 4) for v in torch.stack([m(w) for m in models]).mean(0)]
        rows.append(row)
    return rows


def run_fold(cfg, fold, out, items, waves):
    """fold >= 0: a source fold; -1: the final model; "family<j>": leave-family-out fold j."""
    k = cfg["folds"]
    if isinstance(fold, str):
        j = int(fold[len("family"):])
        tr, te = split_family(items, set(cfg["family_folds"][j]), j % k, k, cfg.get("fold_seed", 0),
                              base=load_fold_base(cfg.get("fold_base")))
        fold = 100 + j  # seeds and the fold field of the score rows
    else:
        tr, te = split(items, fold, k, cfg.get("fold_seed", 0), load_fold_base(cfg.get("fold_base")))
    drop = tuple(cfg.get("exclude_systems", []))
    if drop:  # ablations: leave some local spoof families out of training
        tr = np.array([i for i in tr if not items[i]["system"].startswith(drop)])
    print(f"fold {fold}: {len(tr)} train items, {len(te)} held-out clips", flush=True)
    run_cfg = dict(cfg, minutes=cfg.get("final_minutes", cfg["minutes"])) if fold < 0 else cfg
    model = train_one(run_cfg, items, waves, tr, out, cfg.get("seed", 0) + 1000 * (fold + 1), out.name)
    if not len(te):
        return
    scored = [(model, "scores.json")]
    if cfg.get("swa_start") is not None and cfg.get("score_last", True):  # weight averaging: score the last weights as well
        last = build(cfg)
        last.load_state_dict(torch.load(out / "model_last.pt"))
        scored.append((last.eval(), "scores_last.json"))
    for m, name in scored:
        t = time.time()
        score_fold(m, cfg, fold, te, items, waves, out / name)
        print(f"fold {fold} {name} in {time.time() - t:.0f}s", flush=True)


def config_sampler(cfg, items, idx, waves, seed, window=None):
    """The training sampler as a run's config sets it up (source balance, local-spoof share,
    clean / codec crop shares); window defaults to the training window."""
    return Sampler(items, idx, waves, window or cfg["train_window"], seed, balance=cfg.get("source_balance", 0.5),
                   local_share=cfg.get("local_share"), variant_p=tuple(cfg.get("variant_p", VARIANT_P)),
                   family_balance=cfg.get("family_balance", 0.0))


def score_fold(model, cfg, fold, te, items, waves, path):
    """Held-out clip scores of one fold model (clips te) -> path (a fold's scores*.json)."""
    rows = score_clips([model], items, te, waves, cfg["window"], cfg["hop"], cfg["eval_max_windows"],
                       tuple(cfg.get("conditions") or CONDITIONS), cfg.get("trace", 0) if fold < 100 else 0)
    for r in rows:
        r["fold"] = fold
    save_json(rows, path)
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--fold", default="all", help="all | <k> | family<j> | final")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    set_threads()
    cfg = config.load(a.config)
    run = Path(a.out) if a.out else RUNS / cfg["name"]
    run.mkdir(parents=True, exist_ok=True)
    shutil.copy(a.config, run / "config.json")
    items, waves = load_index(), load_waves()
    families = [f"family{j}" for j in range(len(cfg.get("family_folds") or []))]
    if a.fold == "all":
        folds = list(range(cfg["folds"])) + families
    elif a.fold == "final":
        folds = []
    else:
        folds = [a.fold if a.fold.startswith("family") else int(a.fold)]
    for f in folds:
        run_fold(cfg, f, run / (f if isinstance(f, str) else f"fold{f}"), items, waves)
    if a.fold == "final" or (a.fold == "all" and cfg.get("final", "retrain") == "retrain"):
        run_fold(cfg, -1, run / "final", items, waves)


if __name__ == "__main__":
    main()
