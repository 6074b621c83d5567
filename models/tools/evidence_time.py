"""Evidence over time (issue 18, item 4): how detection at each preset grows with the speech
heard, on held-out corpus clips long enough for 5 windows (>= 6 s), with the false-positive
rate held. Reads the window traces train.py keeps for held-out clips (config `trace`: logits
of the first consecutive 2 s windows, hop 1 s, clean condition) of a run's source folds.

  /usr/bin/python3 models/tools/evidence_time.py --run models/runs/lite-v10 [--out FILE.json]
  # or a shipped graph on clips it never saw (window logits from tools/window_traces.cjs):
  node models/tools/window_traces.cjs models/lite.onnx models/lite.json NEW.csv traces.jsonl 12
  /usr/bin/python3 models/tools/evidence_time.py --traces traces.jsonl --sidecar models/lite.json --out FILE.json

Speech heard -> windows: 2 s = 1, 3 s = 2, 6 s = 5, whole clip = every traced window (<= 12).
Rules (evidence so far -> one score): mean logit (the clip score, and shared/scoring/aggregate's
file verdict), max window logit, mean of the top-2 windows, the median, and the live badge's
exponential moving average (decay 0.6 per window, shared/scoring/smoother.ts; calibration is
affine in the logit, so an EMA of raw logits is the EMA of calibrated logits).
Two thresholds per rule and length:
- fixed: the run's calibrated preset thresholds (fitted on whole-clip mean logits) used
  as they are, so the FPR they give at each length is reported beside the detection;
- held: re-fitted per length and rule at the preset's target FPR, cross-fitted by fold (each
  fold thresholded on the other folds' real speech), so every row has the same FPR budget."""
import sys  # noqa: E402
from pathlib import Path as _Path
sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))  # models/, when run as a script
from lib import common  # noqa: F401
import argparse
import json
from pathlib import Path

import numpy as np

from evaluate import PRESETS, load_scores, pct
from lib.common import load_json, save_json
from lib.metrics import sigmoid, threshold_for_fpr

LENGTHS = {"2 s (1 window)": 1, "3 s (2 windows)": 2, "6 s (5 windows)": 5, "whole clip": None}
RULES = {
    "mean": lambda w: float(np.mean(w)),
    "max": lambda w: float(np.max(w)),
    "top2-mean": lambda w: float(np.mean(np.sort(w)[-2:])),
    "median": lambda w: float(np.median(w)),
    "ema0.6": lambda w: ema(w, 0.6),  # shared/scoring/smoother.ts: decay 0.6 per window, logit space
}


def ema(w, decay):
    v = float(w[0])
    for x in w[1:]:
        v = decay * v + (1 - decay) * float(x)
    return v


def evidence(rows, a, b, presets, min_windows=5):
    rows = [r for r in rows if len(r.get("trace") or []) >= min_windows]
    y = np.array([r["label"] for r in rows])
    fold = np.array([r["fold"] for r in rows])
    out = dict(clips=dict(bonafide=int((y == 0).sum()), spoof=int((y == 1).sum())),
               meanSeconds=float(np.mean([len(r["trace"]) + 1 for r in rows])) if rows else 0.0, table={})
    for rule, fn in RULES.items():
        for length, n in LENGTHS.items():
            s = np.array([fn(np.array(r["trace"][:n] if n else r["trace"])) for r in rows])
            p = sigmoid(a * s + b)
            cell = {}
            for q, target in PRESETS.items():
                fixed = p > presets[q]["threshold"]
                held = np.zeros(len(p), bool)
                for f in np.unique(fold):
                    other = (fold != f) & (y == 0)
                    thr = threshold_for_fpr(p[other if other.any() else y == 0], target)
                    held[fold == f] = p[fold == f] > thr
                cell[q] = dict(fixedFpr=float(fixed[y == 0].mean()), fixedDetection=float(fixed[y == 1].mean()),
                               heldFpr=float(held[y == 0].mean()), heldDetection=float(held[y == 1].mean()))
            out["table"][f"{rule} | {length}"] = cell
    return out


def traces_rows(path):
    """Rows (label, fold, trace) for window_traces.cjs output; labels from the manifest,
    folds = 4 groups of sources (crc32 of the source name) for the cross-fitted thresholds."""
    import csv
    import zlib
    from lib.common import CORPUS
    with open(CORPUS / "manifest.csv") as f:
        man = {str(CORPUS / r["file"]): r for r in csv.DictReader(f)}
    rows = []
    with open(path) as f:
        for line in f:
            d = json.loads(line)
            r = man[d["file"]]
            rows.append(dict(label=int(r["label"] == "spoof"), fold=zlib.crc32(r["source_repo"].encode()) % 4,
                             trace=d["logits"], system=r["system"], source=r["source_repo"]))
    return rows


def markdown(ev):
    L = [f"Clips >= 6 s: {ev['clips']['bonafide']} real, {ev['clips']['spoof']} fake (traced up to 13 s, mean {ev['meanSeconds']:.1f} s).", "",
         "| rule | speech heard | " + " | ".join(f"{q}: FPR / det (held) | {q}: FPR / det (fixed thr.)" for q in PRESETS) + " |",
         "|---|---|" + "---|---|" * len(PRESETS)]
    for key, cell in ev["table"].items():
        rule, length = key.split(" | ")
        L.append(f"| {rule} | {length} | " + " | ".join(
            f"{pct(c['heldFpr'])} / {pct(c['heldDetection'])} | {pct(c['fixedFpr'])} / {pct(c['fixedDetection'])}"
            for c in cell.values()) + " |")
    return "\n".join(L) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run")
    ap.add_argument("--traces", help="JSON lines {file, logits} from tools/window_traces.cjs")
    ap.add_argument("--sidecar", help="with --traces: the graph's sidecar (calibration, presets)")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    if a.traces:
        side = load_json(a.sidecar)
        rows = traces_rows(a.traces)
        ev = evidence(rows, side["calibration"]["scale"], side["calibration"]["bias"], side["presets"])
        ev["model"] = f"{side['name']} {side['version']}"
        out = Path(a.out)
    else:  # the run's calibration and presets, or with --sidecar a shipped model's
        m = load_json(a.sidecar) if a.sidecar else load_json(Path(a.run) / "metrics.json")
        ev = evidence(load_scores(a.run), m["calibration"]["scale"], m["calibration"]["bias"], m["presets"])
        out = Path(a.out or Path(a.run) / "evidence_time.json")
    save_json(ev, out)
    text = markdown(ev)
    out.with_suffix(".md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
