"""Render the model-card figures in models/cards/{lite,large,data}.md from the shipped
sidecars and models/metrics/<name>.metrics.json (between <!-- card:NAME:begin/end --> markers), so
the card never drifts from what export.py measured.

  /usr/bin/python3 models/tools/card.py"""
import csv
import re

import sys  # noqa: E402
from pathlib import Path as _Path
sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))  # models/, when run as a script
from lib import common  # noqa: F401
from lib.common import CORPUS, ROOT, load_json
from evaluate import PRESETS, condition_and_preset_tables, pct


def data_table():
    rows = list(csv.DictReader(open(CORPUS / "manifest.csv")))
    src = {}
    for r in rows:
        s = src.setdefault(r["source_repo"], dict(b=0, s=0, lic=set()))
        s["b" if r["label"] == "bonafide" else "s"] += 1
        s["lic"].add(r["license"] or "none stated")
    L = ["| source_repo | bona fide clips | spoof clips | licence (manifest `license` column) |", "|---|---|---|---|"]
    for k in sorted(src):
        v = src[k]
        L.append(f"| {k} | {v['b']} | {v['s']} | {'; '.join(sorted(v['lic']))} |")
    return "\n".join(L)


def card(name):
    side = load_json(ROOT / f"{name}.json")
    m = load_json(ROOT / "metrics" / f"{name}.metrics.json")
    p = m["perf"]
    L = [f"- File `models/{side['file']}` ({p['onnxBytes'] / 1e6:.2f} MB, sha256 `{side['sha256'][:16]}…`), "
         f"{side['parameters']:,} parameters, window {side['windowSamples']} samples "
         f"({side['windowSamples'] / 16000:g} s), hop {side['hopSamples'] / 16000:g} s, opset {side['opset']}.",
         f"- Exported members: {', '.join(m['members'])} (`{side['training']['command']}`).",
         f"- Speed (batch 1, median of 20, this shared 2-core machine, `export.py` via `tools/onnx_check.cjs`): "
         f"onnxruntime-web wasm 1 thread {p['webWasmMsPerWindow1Thread']:.1f} ms per window = "
         f"**{p['webWasmMsPerSecondAudio']:.1f} ms per second of audio**; onnxruntime-node 2 threads "
         f"{p['nodeMsPerWindow2Threads']:.1f} ms per window = **RTF {p['nodeRtf2Threads']:.4f}**.",
         f"- Parity: ort-node vs torch max |Δ| {p['maxAbsDiffTorch']:.1e}, ort-web {p['parityMaxAbsDiffWeb']:.1e}.",
         f"- Calibration: Platt scale {side['calibration']['scale']:.4f}, bias {side['calibration']['bias']:.4f} "
         f"({side['calibration']['fittedOn']}).", ""]
    if "eer" not in m:
        return "\n".join(L + ["No leave-source-out evaluation attached to this export."])
    L += [f"Leave-source-out evaluation: {m['folds']} folds by `source_repo` ({m['sources']} sources, "
          f"{m['clips']['bonafide']} bona fide + {m['clips']['spoof']} spoof corpus clips, each scored once by "
          f"the fold model that never saw its source). Clip score = mean logit over the clip's windows "
          f"(hop-spaced, at most the config's `eval_max_windows`). Conditions: clean (corpus Opus 48 kb/s), "
          f"opus16 (extra Opus 16 kb/s round trip), tel8k (8 kHz + G.711 µ-law), noisy10 (coloured noise, 10 dB SNR).",
          "", f"**Pooled EER (4 conditions): {pct(m['eer'])}**; per fold: "
          + ", ".join(f"{pct(v)}" for v in m["eerByFold"].values()), ""]
    L += condition_and_preset_tables(m, "held-out FPR (cross-fitted)")
    L += ["", "<details><summary>Per generator (system): share flagged, cross-fitted thresholds</summary>", "",
          "| system | class | clips | @ sensitive | @ balanced | @ conservative |", "|---|---|---|---|---|---|"]
    for s, v in sorted(m["bySystem"].items(), key=lambda kv: (kv[1]["label"], kv[0])):
        k = "fpr" if v["label"] == "bonafide" else "detection"
        L.append(f"| {s} | {v['label']} | {v['clips']} | " + " | ".join(pct(v[f'{k}@{q}']) for q in PRESETS) + " |")
    L += ["", "</details>", "", "<details><summary>Per source</summary>", "",
          "| source | fold | EER | FPR @ balanced | detection @ balanced |", "|---|---|---|---|---|"]
    for s, v in sorted(m["bySource"].items()):
        L.append(f"| {s} | {v['fold']} | {pct(v['eer'])} | {pct(v['fprBalanced'])} | {pct(v['detectionBalanced'])} |")
    return "\n".join(L + ["", "</details>"])


def main():
    for key, body in (("lite", lambda: card("lite")), ("large", lambda: card("large")), ("data", data_table)):
        path = ROOT / "cards" / f"{key}.md"
        text = path.read_text()
        pat = re.compile(rf"(<!-- card:{key}:begin -->\n).*?(<!-- card:{key}:end -->)", re.S)
        if pat.search(text) and (key == "data" or (ROOT / f"{key}.json").exists()):
            text = pat.sub(lambda mm: mm.group(1) + body() + "\n" + mm.group(2), text)
        path.write_text(text)


if __name__ == "__main__":
    main()
