"""Evaluate step: pool the held-out (leave-source-out) clip scores of all folds of a run,
fit Platt calibration and preset thresholds on them, report honest figures.

  /usr/bin/python3 models/evaluate.py --run models/runs/lite
writes <run>/metrics.json and <run>/report.md. Clip score = mean logit over the clip's
windows. Preset FPR/detection are cross-fitted: each fold is thresholded with quantiles
of the OTHER folds' bona fide scores, so no threshold sees the clips it is judged on."""
from lib import common  # noqa: F401  (sets OpenMP env before torch loads)
import argparse
from pathlib import Path

import numpy as np

from lib.common import load_json, save_json
from lib.data import CONDITIONS
from lib.metrics import eer, platt, rates, sigmoid, threshold_for_fpr

PRESETS = {"sensitive": 0.05, "balanced": 0.01, "conservative": 0.002}


def load_scores(run, name="scores.json"):
    rows = []
    for f in sorted(Path(run).glob(f"fold*/{name}")):
        rows += load_json(f)
    return rows


def table(rows, conds):
    """Long format: one (score, label, fold, system, source, condition) per clip x condition."""
    out = {k: [] for k in ("s", "y", "fold", "system", "source", "cond")}
    for r in rows:
        for c in conds:
            for k, v in (("s", r[c]), ("y", r["label"]), ("fold", r["fold"]), ("system", r["system"]),
                         ("source", r["source"]), ("cond", c)):
                out[k].append(v)
    return {k: np.array(v) for k, v in out.items()}


def cross_fitted(t, probs, fpr):
    flags = np.zeros(len(probs), bool)
    if len(np.unique(t["fold"])) == 1:  # single held-out split (finetune.py): in-sample thresholds
        return probs > threshold_for_fpr(probs[t["y"] == 0], fpr)
    for f in np.unique(t["fold"]):
        other = (t["fold"] != f) & (t["y"] == 0)
        thr = threshold_for_fpr(probs[other], fpr)
        flags[t["fold"] == f] = probs[t["fold"] == f] > thr
    return flags


def evaluate(run, scores="scores.json"):
    """scores: the per-fold file to pool (scores_last.json: a weight-averaged run's last weights;
    its metrics and report are then written with the suffix _last)."""
    rows = load_scores(run, scores)
    conds = [c for c in CONDITIONS if c in rows[0]]
    t = table(rows, conds)
    a, b = platt(t["s"], t["y"])
    probs = sigmoid(a * t["s"] + b)
    bona, spoof = t["y"] == 0, t["y"] == 1
    m = dict(eer=eer(t["s"], t["y"]), eerDefinition=f"pooled over held-out folds and the {len(conds)} channel conditions",
             clips=dict(bonafide=int(sum(r["label"] == 0 for r in rows)), spoof=int(sum(r["label"] == 1 for r in rows))),
             folds=int(len(np.unique(t["fold"]))), sources=int(len(np.unique(t["source"]))))
    m["eerByCondition"] = {c: eer(t["s"][t["cond"] == c], t["y"][t["cond"] == c]) for c in conds}
    m["eerByFold"] = {int(f): eer(t["s"][t["fold"] == f], t["y"][t["fold"] == f]) for f in np.unique(t["fold"])}
    m["calibration"] = dict(method="platt", scale=a, bias=b)
    m["presets"], m["presetsByCondition"], flags_by = {}, {}, {}
    for name, fpr in PRESETS.items():
        thr = threshold_for_fpr(probs[bona], fpr)
        flags = cross_fitted(t, probs, fpr)
        flags_by[name] = flags
        m["presets"][name] = dict(threshold=thr, targetFpr=fpr, fpr=float(flags[bona].mean()),
                                  detection=float(flags[spoof].mean()),
                                  inSampleFpr=rates(probs, t["y"], thr)["fpr"])
        m["presetsByCondition"][name] = {
            c: dict(fpr=float(flags[bona & (t["cond"] == c)].mean()),
                    detection=float(flags[spoof & (t["cond"] == c)].mean())) for c in conds}
    gens = {}
    for sysname in np.unique(t["system"]):
        sel = t["system"] == sysname
        key = "fpr" if t["y"][sel][0] == 0 else "detection"
        gens[str(sysname)] = dict(label="bonafide" if key == "fpr" else "spoof", clips=int(sel.sum() // len(conds)),
                                  **{f"{key}@{p}": float(flags_by[p][sel].mean()) for p in PRESETS})
    m["bySystem"] = gens
    by_source = {}
    for src in np.unique(t["source"]):
        sel = t["source"] == src
        by_source[str(src)] = dict(fold=int(t["fold"][sel][0]), eer=eer(t["s"][sel], t["y"][sel]),
                                   fprBalanced=float(flags_by["balanced"][sel & bona].mean()) if (sel & bona).any() else None,
                                   detectionBalanced=float(flags_by["balanced"][sel & spoof].mean()) if (sel & spoof).any() else None)
    m["bySource"] = by_source
    m["byFamily"] = families_in(m["bySystem"], gens_rows(t, flags_by, conds))
    fam = family_folds(run, scores, a, b, m["presets"])
    if fam:
        m["leaveFamilyOut"] = fam
    suffix = Path(scores).stem[len("scores"):]  # "scores_last.json" -> "_last"
    save_json(m, Path(run) / f"metrics{suffix}.json")
    Path(run, f"report{suffix}.md").write_text(report(m))
    return m


def gens_rows(t, flags_by, conds):
    """Per spoof clip x condition: (system, {preset: flagged})."""
    sel = t["y"] == 1
    return t["system"][sel], {p: f[sel] for p, f in flags_by.items()}


def families_in(by_system, rows):
    """Leave-source-out detection per generator family (families.csv), pooled over conditions."""
    from lib.families import system_families
    table = system_families()
    systems, flags = rows
    fams = np.array([table.get(str(s), "local") for s in systems])
    out = {}
    for f in sorted(set(fams)):
        sel = fams == f
        out[f] = dict(clips=int(sel.sum()), **{f"detection@{p}": float(flags[p][sel].mean()) for p in PRESETS})
    return out


def family_folds(run, scores, a, b, presets):
    """Leave-family-out folds (run/family<j>/<scores>): per held family, EER against the fold's
    held-out real speech, and detection / FPR at the run's leave-source-out preset thresholds
    (the shipped calibration and thresholds applied to models that never saw the family)."""
    from lib.families import system_families
    cfg_path = Path(run) / "config.json"
    if not cfg_path.exists():
        return None
    groups = load_json(cfg_path).get("family_folds") or []
    table = system_families()
    out = {}
    for j, held in enumerate(groups):
        path = Path(run) / f"family{j}" / scores
        if not path.exists():
            continue
        rows = load_json(path)
        conds = [c for c in CONDITIONS if c in rows[0]]
        bona = [r for r in rows if r["label"] == 0]
        for fam in held:
            spoof = [r for r in rows if r["label"] == 1 and table.get(r["system"]) == fam]
            if not spoof:
                continue
            s = np.array([r[c] for r in bona + spoof for c in conds])
            y = np.array([0] * (len(bona) * len(conds)) + [1] * (len(spoof) * len(conds)))
            p = sigmoid(a * s + b)
            clean = {"bona": np.array([r["clean"] for r in bona]), "spoof": np.array([r["clean"] for r in spoof])}
            sysdet = {}
            for name in sorted({r["system"] for r in spoof}):
                v = sigmoid(a * np.array([r["clean"] for r in spoof if r["system"] == name]) + b)
                sysdet[name] = dict(clips=int(len(v)), **{f"detection@{q}": float((v > presets[q]["threshold"]).mean()) for q in PRESETS})
            out[fam] = dict(fold=j, heldWith=[h for h in held if h != fam], bonafideClips=len(bona), spoofClips=len(spoof),
                            eer=eer(s, y), eerClean=eer(np.concatenate([clean["bona"], clean["spoof"]]),
                                                        np.r_[np.zeros(len(bona)), np.ones(len(spoof))]),
                            **{f"fpr@{q}": float((p[y == 0] > presets[q]["threshold"]).mean()) for q in PRESETS},
                            **{f"detection@{q}": float((p[y == 1] > presets[q]["threshold"]).mean()) for q in PRESETS},
                            bySystem=sysdet)
    return out


def family_tables(m):
    L = []
    if m.get("leaveFamilyOut"):
        L += ["Leave-family-out (each family's spoof held out of training with one other family and with one source fold's sources; "
              "scored against that source fold's real speech; the run's leave-source-out calibration and preset thresholds; all conditions pooled):", "",
              "| family | held out with | spoof clips | real clips | EER (clean) | EER | FPR / detection @ sensitive | @ balanced | @ conservative |",
              "|---|---|---|---|---|---|---|---|---|"]
        for f, v in m["leaveFamilyOut"].items():
            L.append(f"| {f} | {', '.join(v['heldWith'])} | {v['spoofClips']} | {v['bonafideClips']} | {pct(v['eerClean'])} | {pct(v['eer'])} | "
                     + " | ".join(f"{pct(v[f'fpr@{q}'])} / {pct(v[f'detection@{q}'])}" for q in PRESETS) + " |")
        L += ["", "| held-out family: system | clips | @ sensitive | @ balanced | @ conservative |", "|---|---|---|---|---|"]
        for f, v in m["leaveFamilyOut"].items():
            for s, d in v["bySystem"].items():
                L.append(f"| {f}: {s} | {d['clips']} | " + " | ".join(pct(d[f'detection@{q}']) for q in PRESETS) + " |")
        L.append("")
    if m.get("byFamily"):
        L += ["Leave-source-out detection per family (clips x conditions, cross-fitted thresholds):", "",
              "| family | clip x condition | @ sensitive | @ balanced | @ conservative |", "|---|---|---|---|---|"]
        for f, v in m["byFamily"].items():
            L.append(f"| {f} | {v['clips']} | " + " | ".join(pct(v[f'detection@{q}']) for q in PRESETS) + " |")
        L.append("")
    return L


def pct(x):
    return "n/a" if x is None or x != x else f"{100 * x:.1f} %"


def condition_and_preset_tables(m, fpr_header):
    """Markdown lines: EER and preset rates per channel condition, then the presets."""
    L = ["| condition | EER | FPR / detection @ sensitive | @ balanced | @ conservative |", "|---|---|---|---|---|"]
    for c, e in m["eerByCondition"].items():
        cells = [f"{pct(m['presetsByCondition'][p][c]['fpr'])} / {pct(m['presetsByCondition'][p][c]['detection'])}" for p in PRESETS]
        L.append(f"| {c} | {pct(e)} | " + " | ".join(cells) + " |")
    L += ["", f"| preset | threshold P(spoof) | target FPR | {fpr_header} | detection |", "|---|---|---|---|---|"]
    for p, v in m["presets"].items():
        L.append(f"| {p} | {v['threshold']:.4f} | {pct(v['targetFpr'])} | {pct(v['fpr'])} | {pct(v['detection'])} |")
    return L


def report(m):
    L = [f"Pooled held-out EER (all conditions): {pct(m['eer'])}", ""] + condition_and_preset_tables(m, "FPR (cross-fitted)")
    L += [""] + family_tables(m)
    L += ["", "| system | class | clips | flagged @ sensitive | @ balanced | @ conservative |", "|---|---|---|---|---|---|"]
    for s, v in sorted(m["bySystem"].items(), key=lambda kv: (kv[1]["label"], kv[0])):
        k = "fpr" if v["label"] == "bonafide" else "detection"
        L.append(f"| {s} | {v['label']} | {v['clips']} | " + " | ".join(pct(v[f'{k}@{p}']) for p in PRESETS) + " |")
    L += ["", "| source | fold | EER | FPR @ balanced | detection @ balanced |", "|---|---|---|---|---|"]
    for s, v in sorted(m["bySource"].items()):
        L.append(f"| {s} | {v['fold']} | {pct(v['eer'])} | {pct(v['fprBalanced'])} | {pct(v['detectionBalanced'])} |")
    return "\n".join(L) + "\n"


def combine(runs, out, scores="scores.json"):
    """Average the held-out clip logits of several runs fold by fold (same folds, so each
    clip is still scored only by models that never saw its source) -> out/fold*/<scores>.
    A run without that file (e.g. scores_last.json of a run without weight averaging)
    contributes its scores.json."""
    per_run = [{(r["fold"], r["item"]): r for r in (load_scores(run, scores) or load_scores(run))} for run in runs]
    keys = set.intersection(*(set(p) for p in per_run))
    for f in sorted({k[0] for k in keys}):
        rows = []
        for k in sorted(k for k in keys if k[0] == f):
            row = dict(per_run[0][k])
            for c in CONDITIONS:
                row[c] = float(np.mean([p[k][c] for p in per_run]))
            rows.append(row)
        save_json(rows, Path(out) / f"fold{f}" / scores)
    save_json(dict(combined=[str(r) for r in runs]), Path(out) / "combined.json")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--combine", nargs="+", default=None, help="runs whose fold scores to average into --run")
    ap.add_argument("--scores", default="scores.json", help="scores_last.json: a weight-averaged run's last weights")
    a = ap.parse_args()
    if not a.scores.startswith("scores") or not a.scores.endswith(".json"):
        raise SystemExit("--scores takes a per-fold file name like scores_last.json")
    if a.combine:
        combine(a.combine, a.run, a.scores)
    m = evaluate(a.run, a.scores)
    print(f"EER {pct(m['eer'])}", {c: pct(e) for c, e in m["eerByCondition"].items()})
    print({p: (pct(v["fpr"]), pct(v["detection"])) for p, v in m["presets"].items()})


if __name__ == "__main__":
    main()
