"""A/B on the same held-out clips: a run's fold models against another run's fold models
(e.g. lite-v10 fine-tuned vs the shipped release's recovered fold models), each clip
scored by the fold-k model of each run (neither saw it), clean condition, as train.py scores.

  /usr/bin/python3 models/tools/compare_folds.py --run models/runs/lite-v10 --base models/runs/lite-long30 --folds 0 3
writes <run>/compare-<base>.json (+ .md, and the per-clip pairs -rows.json): EER (all / new sources / old sources) pooled; and for
both sides the "balanced" preset as evaluate.py sets it (1 % of held-out bona fide flagged,
threshold cross-fitted over the folds, so the FPR is held and honest), its FPR and detection
overall, on the new / old sources, per generator family (families.csv) and per new source."""
import sys  # noqa: E402
from pathlib import Path as _Path
sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))  # models/, when run as a script
from lib import common  # noqa: F401
import argparse
from pathlib import Path

import numpy as np
import torch

from lib.common import ROOT, load_index, load_json, load_waves, save_json, set_threads
from lib.families import system_families
from lib.metrics import eer, threshold_for_fpr
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
    save_json([{k: r[k] for k in ("item", "fold", "source", "system", "label", "clean", "base")} for r in allrows],
              Path(a.run) / f"compare-{Path(a.base).name}-rows.json")  # per clip, for paired bootstraps
    presets = balanced(allrows, seen)
    save_json(dict(folds=a.folds, windows=a.windows, eerClean=res, balanced=presets),
              Path(a.run) / f"compare-{Path(a.base).name}.json")
    Path(a.run, f"compare-{Path(a.base).name}.md").write_text(report(res, presets, Path(a.run).name, Path(a.base).name))
    print(res)


def cross_fitted_flags(scores, labels, folds, fpr=0.01):
    """Flags at the threshold that passes `fpr` of the other folds' bona fide (evaluate.py's
    cross-fitting; a monotone calibration would not change it)."""
    flags = np.zeros(len(scores), bool)
    if len(np.unique(folds)) == 1:  # one fold only: in-sample threshold (as evaluate.py)
        return scores > threshold_for_fpr(scores[labels == 0], fpr)
    for f in np.unique(folds):
        thr = threshold_for_fpr(scores[(folds != f) & (labels == 0)], fpr)
        flags[folds == f] = scores[folds == f] > thr
    return flags


def balanced(rows, seen, fpr=0.01):
    """Per side (run / base): FPR and detection at the cross-fitted balanced threshold, overall,
    new / old sources, per family (all and new sources) and per new source."""
    table = system_families()
    y = np.array([r["label"] for r in rows])
    folds = np.array([r["fold"] for r in rows])
    new = np.array([r["source"] not in seen for r in rows])
    fam = np.array([table.get(r["system"], "") if r["label"] else "" for r in rows])
    src = np.array([r["source"] for r in rows])
    out = {}
    for side, key in (("run", "clean"), ("base", "base")):
        s = np.array([r[key] for r in rows])
        fl = cross_fitted_flags(s, y, folds, fpr)

        def rate(m):
            return dict(n=int(m.sum()), rate=float(fl[m].mean())) if m.any() else None
        d = dict(fpr=rate(y == 0), fprNew=rate((y == 0) & new), fprOld=rate((y == 0) & ~new),
                 detection=rate(y == 1), detectionNew=rate((y == 1) & new), detectionOld=rate((y == 1) & ~new))
        d["byFamily"] = {f: dict(all=rate(fam == f), new=rate((fam == f) & new),
                                 eerNew=eer(s[((fam == f) & new) | (y == 0)], y[((fam == f) & new) | (y == 0)]) if ((fam == f) & new).any() else None)
                         for f in sorted(set(fam) - {""})}
        d["byNewSource"] = {}
        for so in sorted(set(src[new])):
            m = src == so
            d["byNewSource"][so] = dict(fold=int(folds[m][0]), fpr=rate(m & (y == 0)), detection=rate(m & (y == 1)),
                                        eer=eer(s[m], y[m]) if len(set(y[m])) == 2 else None)
        out[side] = d
    return out


def report(res, p, run, base):
    def pct(v):
        return "—" if v is None else f"{100 * (v['rate'] if isinstance(v, dict) else v):.1f} %"
    L = [f"# {run} vs {base}: same held-out clips, clean, fold k scored by each side's fold-k model", "",
         "| clips | n | EER " + run + " | EER " + base + " |", "|---|---|---|---|"]
    L += [f"| {k} | {v['clips']} | {pct(v['run'])} | {pct(v['base'])} |" for k, v in res.items()]
    L += ["", "Balanced preset (1 % of held-out bona fide, threshold cross-fitted over folds):", "",
          f"| | {run} | {base} |", "|---|---|---|"]
    for k in ("fpr", "fprNew", "fprOld", "detection", "detectionNew", "detectionOld"):
        L.append(f"| {k} | {pct(p['run'][k])} | {pct(p['base'][k])} |")
    L += ["", f"| family | spoof clips (new) | detection all {run} / {base} | detection new {run} / {base} | EER new {run} / {base} |",
          "|---|---|---|---|---|"]
    for f, v in p["run"]["byFamily"].items():
        b = p["base"]["byFamily"][f]
        L.append(f"| {f} | {v['all']['n']} ({v['new']['n'] if v['new'] else 0}) | {pct(v['all'])} / {pct(b['all'])} | "
                 f"{pct(v['new'])} / {pct(b['new'])} | {pct(v['eerNew'])} / {pct(b['eerNew'])} |")
    L += ["", f"| new source | fold | FPR {run} / {base} | detection {run} / {base} | EER {run} / {base} |", "|---|---|---|---|---|"]
    for so, v in p["run"]["byNewSource"].items():
        b = p["base"]["byNewSource"][so]
        L.append(f"| {so} | {v['fold']} | {pct(v['fpr'])} / {pct(b['fpr'])} | {pct(v['detection'])} / {pct(b['detection'])} | {pct(v['eer'])} / {pct(b['eer'])} |")
    return "\n".join(L) + "\n"

if __name__ == "__main__":
    main()
