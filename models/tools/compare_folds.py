"""A/B on the same held-out clips: a run's fold models against another run's fold models
(e.g. lite-v10 fine-tuned vs the shipped release's recovered fold models), each clip
scored by the fold-k model of each run (neither saw it), clean condition, as train.py scores.

  /usr/bin/python3 models/tools/compare_folds.py --run models/runs/lite-v10 --base models/runs/lite-long30 --folds 0 3
writes <run>/compare-<base>.json: EER (all / new sources / old sources) per fold and pooled."""
import sys  # noqa: E402
from pathlib import Path as _Path
sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))  # models/, when run as a script
from lib import common  # noqa: F401
import argparse
from pathlib import Path

import numpy as np
import torch

from lib.common import ROOT, load_index, load_json, load_waves, save_json, set_threads
from lib.metrics import eer
from train import load_model, score_clips


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--folds", nargs="+", type=int, default=[0, 1, 2, 3])
    ap.add_argument("--windows", type=int, default=4)
    ap.add_argument("--only-new", action="store_true", help="score only clips of sources the base release never saw")
    a = ap.parse_args()
    set_threads()
    seen = {line.split("\t")[0] for line in open(ROOT / "metrics" / "sources-seen-by-2026.11.30-9.txt") if line.strip()}
    items, waves = load_index(), load_waves()
    bcfg = load_json(Path(a.base) / "config.json")
    out = {}
    for f in a.folds:
        rows = load_json(Path(a.run) / f"fold{f}" / "scores.json")
        if a.only_new:
            rows = [r for r in rows if r["source"] not in seen]
        model = load_model(bcfg, Path(a.base) / f"fold{f}")
        with torch.no_grad():
            base = score_clips([model], items, [r["item"] for r in rows], waves, bcfg["window"], bcfg["hop"], a.windows, ("clean",))
        for r, b in zip(rows, base):
            r["base"] = b["clean"]
        out[f] = rows
    allrows = [r for f in out for r in out[f]]
    res = {}
    for name, sel in (("all", lambda r: True), ("new", lambda r: r["source"] not in seen), ("old", lambda r: r["source"] in seen)):
        rs = [r for r in allrows if sel(r)]
        if not rs:
            continue
        y = np.array([r["label"] for r in rs])
        res[name] = dict(clips=len(rs), run=eer(np.array([r["clean"] for r in rs]), y), base=eer(np.array([r["base"] for r in rs]), y))
    save_json(dict(folds=a.folds, windows=a.windows, eerClean=res), Path(a.run) / f"compare-{Path(a.base).name}.json")
    print(res)


if __name__ == "__main__":
    main()
