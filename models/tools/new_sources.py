"""Unseen-generator check on the sources added in December 2026 (31 sources, 830 clips):
the release 2026.11.30-9 never saw them, and a run's source-fold models score each of them
only from the fold that held its source out, so both figures are on unseen sources.

  # the shipped models, through the companion's scorer (calibrated P(spoof) of the whole file):
  npm run score -- --manifest NEW.csv --out lite.csv --model lite      (NEW.csv: --write-list)
  /usr/bin/python3 models/tools/new_sources.py --shipped lite.csv --sidecar models/lite.json
  # a run's out-of-fold scores (clean condition), with the run's calibration and presets:
  /usr/bin/python3 models/tools/new_sources.py --run models/runs/lite-v10
  # a checkpoint scored exactly as train.py scores held-out clips (models/data), with a
  # sidecar's calibration and presets (e.g. the shipped lite, recovered by recover_members.py):
  /usr/bin/python3 models/tools/new_sources.py --checkpoint models/runs/lite-long30/final --sidecar models/lite.json

Prints (and with --out writes) EER, FPR / detection at each preset, per family and per system."""
import sys  # noqa: E402
from pathlib import Path as _Path
sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))  # models/, when run as a script
from lib import common  # noqa: F401
import argparse
import csv
from pathlib import Path

import numpy as np

from evaluate import PRESETS, load_scores, pct
from lib.common import CORPUS, ROOT, load_json, save_json
from lib.families import system_families
from lib.metrics import eer, sigmoid

SEEN = ROOT / "metrics" / "sources-seen-by-2026.11.30-9.txt"


def manifest_new():
    seen = set(SEEN.read_text().split())
    with open(CORPUS / "manifest.csv") as f:
        return [r for r in csv.DictReader(f) if r["source_repo"] not in seen]


def summary(label, system, prob, thresholds):
    """label 0/1, system names, calibrated P(spoof), {preset: threshold} -> figures."""
    y, prob, system = np.asarray(label), np.asarray(prob), np.asarray(system)
    fam_of = system_families()
    fam = np.array([fam_of.get(s, "bonafide") for s in system])
    out = dict(clips=dict(bonafide=int((y == 0).sum()), spoof=int((y == 1).sum())), eer=eer(prob, y),
               fpr={q: float((prob[y == 0] > t).mean()) for q, t in thresholds.items()},
               detection={q: float((prob[y == 1] > t).mean()) for q, t in thresholds.items()},
               byFamily={}, bySystem={})
    for f in sorted(set(fam[y == 1])):
        sel = (fam == f) & (y == 1)
        out["byFamily"][f] = dict(clips=int(sel.sum()), eer=eer(np.r_[prob[y == 0], prob[sel]], np.r_[np.zeros((y == 0).sum()), np.ones(sel.sum())]),
                                  **{q: float((prob[sel] > t).mean()) for q, t in thresholds.items()})
    for s in sorted(set(system[y == 1])):
        sel = (system == s) & (y == 1)
        out["bySystem"][str(s)] = dict(family=fam_of.get(s), clips=int(sel.sum()), **{q: float((prob[sel] > t).mean()) for q, t in thresholds.items()})
    out["byRealSet"] = {}
    for s in sorted(set(system[y == 0])):  # real-speech sets: share flagged = FPR
        sel = (system == s) & (y == 0)
        out["byRealSet"][str(s)] = dict(clips=int(sel.sum()), **{q: float((prob[sel] > t).mean()) for q, t in thresholds.items()})
    return out


def markdown(name, m):
    L = [f"{name}: {m['clips']['bonafide']} real + {m['clips']['spoof']} fake clips, EER {pct(m['eer'])}; "
         + "; ".join(f"{q} FPR {pct(m['fpr'][q])} / detection {pct(m['detection'][q])}" for q in PRESETS), "",
         "| family | fake clips | EER vs all real | @ sensitive | @ balanced | @ conservative |", "|---|---|---|---|---|---|"]
    for f, v in m["byFamily"].items():
        L.append(f"| {f} | {v['clips']} | {pct(v['eer'])} | " + " | ".join(pct(v[q]) for q in PRESETS) + " |")
    return "\n".join(L) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shipped", help="file,score CSV from npm run score")
    ap.add_argument("--sidecar", help="the scored model's sidecar (preset thresholds)")
    ap.add_argument("--run", help="a run with source-fold scores and metrics.json")
    ap.add_argument("--checkpoint", help="runs/<run>/<member> with model.pt (its run's config.json)")
    ap.add_argument("--windows", type=int, default=4)
    ap.add_argument("--condition", default="clean")
    ap.add_argument("--write-list", help="write the new sources' clips as a file CSV for npm run score")
    ap.add_argument("--out")
    a = ap.parse_args()
    new = manifest_new()
    if a.write_list:
        with open(a.write_list, "w") as f:
            w = csv.writer(f)
            w.writerow(["file"])
            w.writerows([[str(CORPUS / r["file"])] for r in new])
        return
    by_file = {r["file"]: r for r in new}
    if a.shipped:
        side = load_json(a.sidecar)
        rows = [(by_file[str(Path(r["file"]).resolve().relative_to(CORPUS.resolve()))], float(r["score"]))
                for r in csv.DictReader(open(a.shipped)) if str(Path(r["file"]).resolve().relative_to(CORPUS.resolve())) in by_file]
        thr = {q: side["presets"][q]["threshold"] for q in PRESETS}
        m = summary([int(r["label"] == "spoof") for r, _ in rows], [r["system"] for r, _ in rows], [p for _, p in rows], thr)
        name = f"{side['name']} {side['version']}"
    elif a.checkpoint:
        import torch
        from lib.common import load_index, load_waves, set_threads
        from train import load_model, score_clips
        set_threads()
        side = load_json(a.sidecar)
        cfg = load_json(Path(a.checkpoint).parent / "config.json")
        model = load_model(cfg, a.checkpoint)
        items = load_index()
        idx = [i for i, it in enumerate(items) if it["origin"] == "corpus" and it["file"] in by_file]
        with torch.no_grad():
            rows = score_clips([model], items, idx, load_waves(), cfg["window"], cfg["hop"], a.windows, (a.condition,))
        cal = side["calibration"]
        prob = sigmoid(cal["scale"] * np.array([r[a.condition] for r in rows]) + cal["bias"])
        thr = {q: side["presets"][q]["threshold"] for q in PRESETS}
        m = summary([r["label"] for r in rows], [r["system"] for r in rows], prob, thr)
        name = f"{a.checkpoint} ({a.condition}, {a.windows} windows, {side['name']} {side['version']} calibration)"
    else:
        met = load_json(Path(a.run) / "metrics.json")
        rows = [r for r in load_scores(a.run) if r["file"] in by_file]
        prob = sigmoid(met["calibration"]["scale"] * np.array([r[a.condition] for r in rows]) + met["calibration"]["bias"])
        thr = {q: met["presets"][q]["threshold"] for q in PRESETS}
        m = summary([r["label"] for r in rows], [r["system"] for r in rows], prob, thr)
        name = f"{Path(a.run).name} ({a.condition}, out of fold)"
    text = markdown(name, m)
    print(text)
    if a.out:
        save_json(dict(m, name=name), a.out)
        Path(a.out).with_suffix(".md").write_text(text)


if __name__ == "__main__":
    main()
