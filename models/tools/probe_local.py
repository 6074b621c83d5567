"""Diagnostic: how a fold model scores the LOCAL spoof (resyntheses, local TTS) of the sources
it never trained on, next to that fold's corpus bona fide and spoof clips (clean condition).

  /usr/bin/python3 models/probe_local.py --run models/runs/lite-phase-long --fold 3

Prints mean clip logit per group. If local spoof scores far above corpus spoof, the model
has learned the local vocoders, not the generators it will meet."""
import sys  # noqa: E402
from pathlib import Path as _Path
sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))  # models/, when run as a script
from lib import common  # noqa: F401  (sets OpenMP env before torch loads)
import argparse
from pathlib import Path

import numpy as np
import torch

from lib.common import load_index, load_json, load_waves, set_threads
from lib.data import source_folds
from train import load_model, score_clips


def group(it):
    if it["origin"] == "corpus":
        return f"corpus {'spoof' if it['label'] else 'bona fide'}"
    s = it["system"]
    return "-".join(s.split("-")[:2]) if s.startswith("resynth-") else f"local tts ({s.split('-')[0]})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--fold", type=int, required=True)
    ap.add_argument("--per-group", type=int, default=40, help="clips scored per group (random)")
    a = ap.parse_args()
    set_threads()
    cfg = load_json(Path(a.run) / "config.json")
    items, waves = load_index(), load_waves()
    folds = source_folds(items, cfg["folds"], cfg.get("fold_seed", 0))
    model = load_model(cfg, Path(a.run) / f"fold{a.fold}")
    groups = {}
    for i, it in enumerate(items):
        if folds.get(it["source"], -1) == a.fold:
            groups.setdefault(group(it), []).append(i)
    rng = np.random.default_rng(0)
    print(f"fold {a.fold}: mean clip logit, clean condition ({a.per_group} random clips per group)")
    with torch.no_grad():
        for name, idx in sorted(groups.items()):
            sel = rng.choice(idx, min(a.per_group, len(idx)), replace=False)
            rows = score_clips([model], items, sel, waves, cfg["window"], cfg["hop"], cfg["eval_max_windows"],
                               conditions=("clean",))
            s = np.array([r["clean"] for r in rows])
            print(f"  {name:28s} n={len(idx):5d}  mean {s.mean():+6.2f}  median {np.median(s):+6.2f}")


if __name__ == "__main__":
    main()
