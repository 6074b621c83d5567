"""Export step: checkpoint(s) of a run -> models/<name>.onnx + sidecar + parity file,
verified with onnxruntime-node / onnxruntime-web (wasm, 1 thread) through Node.

  /usr/bin/python3 models/export.py --config models/configs/lite-phase.json --run models/runs/lite-phase \
      --members final
  --members fold0 fold1 fold2 fold3   exports the mean logit of the fold models (ensemble).
The sidecar's calibration and presets come from <run>/metrics.json (evaluate.py)."""
from lib import common  # noqa: F401  (sets OpenMP env before torch loads)
import argparse
import hashlib
import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

from lib import config
from lib.common import ROOT, load_json, save_json, set_threads
from lib.parity import SPEC, parity_input
from train import load_model

DISPLAY = {"lite": "Veracall lite (in-browser)", "large": "Veracall large (companion)"}


class SubWindows(nn.Module):
    """Runs a shorter-window model on hop-spaced sub-windows of the input, mean logit."""

    def __init__(self, model, window, hop, outer):
        super().__init__()
        self.model, self.window = model, window
        self.starts = list(range(0, outer - window + 1, hop))

    def forward(self, waveform):  # (B, outer) -> (B,)
        parts = torch.stack([waveform[:, s:s + self.window] for s in self.starts], 0)  # (S, B, w)
        logits = self.model(parts.reshape(-1, self.window))  # (S*B,)
        return logits.reshape(len(self.starts), -1).mean(0)


def load_member(spec, run, cfg):
    """'fold0' (member of --run) or 'models/runs/lite/fold0' (any run; its config.json)."""
    path = Path(spec) if "/" in spec else Path(run) / spec
    mcfg = load_json(path.parent / "config.json") if "/" in spec else cfg
    model = load_model(mcfg, path)
    if mcfg["window"] == cfg["window"]:
        return model
    return SubWindows(model, mcfg["window"], mcfg["hop"], cfg["window"]).eval()


class Ensemble(nn.Module):
    def __init__(self, members):
        super().__init__()
        self.members = nn.ModuleList(members)

    def forward(self, waveform):  # (B, N) -> (B,)
        return torch.stack([m(waveform) for m in self.members], 0).mean(0)


def node_check(onnx_path, parity_path, x, expected, reps=20):
    with tempfile.TemporaryDirectory() as td:
        xi, xe = Path(td, "in.f32"), Path(td, "exp.f32")
        x.astype(np.float32).tofile(xi)
        expected.astype(np.float32).tofile(xe)
        out = subprocess.run(["node", str(ROOT / "tools" / "onnx_check.cjs"), str(onnx_path), str(parity_path),
                              str(xi), str(xe), str(reps)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--run", required=True)
    ap.add_argument("--members", nargs="+", default=["final"])
    ap.add_argument("--version", default="2026.11.21-1")
    ap.add_argument("--out-dir", default=str(ROOT))
    ap.add_argument("--command", default="")
    a = ap.parse_args()
    set_threads()
    cfg = config.load(a.config)
    members = [load_member(m, a.run, cfg) for m in a.members]
    model = (members[0] if len(members) == 1 else Ensemble(members)).eval()
    mpath = Path(a.run) / "metrics.json"
    export(model, cfg, Path(a.out_dir), load_json(mpath) if mpath.exists() else {}, a.members, a.version,
           a.command, str(Path(a.config).resolve().relative_to(ROOT.parent)))


def export(model, cfg, out_dir, run_metrics, members, version, command, config_path, display=None):
    name, W = cfg.get("ship_as", cfg["arch"]), cfg["window"]  # shipped as models/lite.* or models/large.*
    out_dir.mkdir(parents=True, exist_ok=True)
    onnx_path = out_dir / f"{name}.onnx"
    torch.onnx.export(model, torch.zeros(2, W), str(onnx_path), opset_version=17,
                      input_names=["waveform"], output_names=["logit"],
                      dynamic_axes={"waveform": {0: "batch"}, "logit": {0: "batch"}}, do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(str(onnx_path)))
    px = parity_input(W)
    rng = np.random.default_rng(0)
    x = np.concatenate([px, (rng.standard_normal((5, W)) * rng.uniform(0.001, 0.5, (5, 1))).astype(np.float32)])
    with torch.no_grad():
        logits = model(torch.from_numpy(x)).numpy().astype(np.float64)
    parity_path = out_dir / f"{name}.parity.json"
    save_json(dict(spec=SPEC, batch=3, windowSamples=W, logits=[float(v) for v in logits[:3]]), parity_path)
    check = node_check(onnx_path, parity_path, x, logits)
    assert check["maxAbsDiffTorch"] < 1e-4 and check["parityMaxAbsDiffNode"] < 1e-4, check
    hop_ms = 1000 * cfg["hop"] / 16000
    perf = dict(**check, onnxBytes=onnx_path.stat().st_size,
                webWasmMsPerSecondAudio=check["webWasmMsPerWindow1Thread"] / (hop_ms / 1000),
                nodeRtf2Threads=check["nodeMsPerWindow2Threads"] / hop_ms,
                note="one window per hop; ms per second of audio = ms per window / hop seconds")
    params = sum(p.numel() for p in model.parameters())
    metrics = dict(run_metrics, perf=perf, parameters=params, members=members)
    save_json(metrics, out_dir / "metrics" / f"{name}.metrics.json")
    cal = run_metrics.get("calibration", dict(method="platt", scale=1.0, bias=0.0))
    presets = {k: dict(threshold=v["threshold"], targetFpr=v["targetFpr"])
               for k, v in run_metrics.get("presets", {}).items()}
    summary = dict(eer=run_metrics.get("eer"), eerDefinition=run_metrics.get("eerDefinition"),
                   eerByCondition=run_metrics.get("eerByCondition"),
                   presets={k: dict(fpr=v["fpr"], detection=v["detection"]) for k, v in run_metrics.get("presets", {}).items()},
                   evaluation="leave-source-out, %s folds by source_repo; clip score = mean logit over windows" % run_metrics.get("folds"),
                   msPerSecondAudioOrtWebWasm1Thread=round(perf["webWasmMsPerSecondAudio"], 2),
                   rtfOrtNode2Threads=round(perf["nodeRtf2Threads"], 4), full=f"models/metrics/{name}.metrics.json")
    side = {
        "schemaVersion": 1, "name": name, "displayName": display or DISPLAY[name], "version": version,
        "file": onnx_path.name, "sha256": hashlib.sha256(onnx_path.read_bytes()).hexdigest(),
        "testFixture": False, "sampleRate": 16000, "windowSamples": W, "hopSamples": cfg["hop"],
        "input": {"name": "waveform", "dtype": "float32", "shape": ["batch", W],
                  "description": "mono PCM at 16 kHz in [-1, 1]; level is normalised inside the graph"},
        "output": {"name": "logit", "dtype": "float32", "shape": ["batch"],
                   "description": "uncalibrated spoof logit; higher means more likely synthetic"},
        "calibration": {"method": "platt", "scale": cal["scale"], "bias": cal["bias"],
                        "fittedOn": "out-of-fold clip scores (mean window logit) of the run's %s source folds, "
                                    "4 channel conditions pooled, classes weighted equally" % run_metrics.get("folds")},
        "presets": presets or {"sensitive": {"threshold": 0.5, "targetFpr": 0.05},
                               "balanced": {"threshold": 0.5, "targetFpr": 0.01},
                               "conservative": {"threshold": 0.5, "targetFpr": 0.002}},
        "parameters": params, "opset": 17, "metrics": summary,
        "training": {"config": config_path, "command": command or
                     f"/usr/bin/python3 models/train.py --config {config_path} --fold all"},
    }
    save_json(side, out_dir / f"{name}.json")
    print(json.dumps(dict(perf=perf, parameters=params, eer=summary["eer"]), indent=1))
    return side


if __name__ == "__main__":
    main()
