"""Rebuild an exported ensemble's members as PyTorch checkpoints, so that a later session
can score, combine and re-export them without retraining (models/runs/ is never committed).

  /usr/bin/python3 models/recover_members.py --onnx models/large.onnx [--score]
writes models/runs/<run>/<member>/model.pt (+ <run>/config.json from models/configs) for
every member named in models/metrics/<name>.json; --score then scores each fold member
on its held-out sources (runs/<run>/fold<k>/scores.json, exactly as train.py does), so
evaluate.py --combine can put old and new runs together.

The exporter folded each BatchNorm into the convolution before it (constant folding), so a
recovered conv takes the folded weight and bias and its BatchNorm becomes the identity
(mean 0, variance 1 - eps, scale 1, shift = folded bias): the same function, checked
against the ONNX graph on random input by onnxruntime-node."""
import common  # noqa: F401  (sets OpenMP env before torch loads)
import argparse
import shutil
from pathlib import Path

import numpy as np
import torch

from common import ROOT, RUNS, load_index, load_json, load_waves, set_threads
from data import split
from train import build, score_clips


def onnx_tensors(path):
    import onnx
    from onnx import numpy_helper
    m = onnx.load(str(path))
    init = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    convs = {}  # module path of a conv ("members.3.model.stem.1") -> (weight, bias)
    for n in m.graph.node:
        if n.op_type == "Conv" and len(n.input) == 3 and n.input[1] in init:
            parts = n.name.strip("/").split("/")  # /members.3/model/stem/stem.1/stem.1.0/Conv
            convs[".".join([parts[0], parts[1], parts[-2].rsplit(".", 1)[0]])] = (init[n.input[1]], init[n.input[2]])
    return init, convs


def rebuild(cfg, prefix, init, convs):
    """LiteNet of cfg with the weights of member `prefix` ('members.3')."""
    model = build(cfg).eval()
    state = model.state_dict()
    for name in list(state):
        full = f"{prefix}.model.{name}"
        if full in init:
            state[name] = torch.from_numpy(init[full].copy())
    for mod_name, mod in model.named_modules():
        key = f"{prefix}.model.{mod_name}"
        if key not in convs:
            continue
        w, b = convs[key]
        conv, bn = mod[0], mod[1]
        state[f"{mod_name}.0.weight"] = torch.from_numpy(w.copy())
        state[f"{mod_name}.1.weight"] = torch.ones_like(bn.weight)
        state[f"{mod_name}.1.bias"] = torch.from_numpy(b.copy())
        state[f"{mod_name}.1.running_mean"] = torch.zeros_like(bn.running_mean)
        state[f"{mod_name}.1.running_var"] = torch.full_like(bn.running_var, 1 - bn.eps)
    model.load_state_dict(state)
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx", default=str(ROOT / "large.onnx"))
    ap.add_argument("--score", action="store_true", help="score each fold member on its held-out sources")
    a = ap.parse_args()
    set_threads()
    name = Path(a.onnx).stem
    members = load_json(ROOT / "metrics" / f"{name}.json")["members"]
    init, convs = onnx_tensors(a.onnx)
    models = []
    for k, spec in enumerate(members):  # 'models/runs/lite-phase/fold0'
        run, member = Path(spec).parent.name, Path(spec).name
        cfg = load_json(ROOT / "configs" / f"{run}.json")
        model = rebuild(cfg, f"members.{k}", init, convs)
        out = RUNS / run / member
        out.mkdir(parents=True, exist_ok=True)
        torch.save(model.state_dict(), out / "model.pt")
        shutil.copy(ROOT / "configs" / f"{run}.json", RUNS / run / "config.json")
        models.append((run, member, cfg, model))
    check(a.onnx, models, load_json(ROOT / f"{name}.json"))
    if a.score:
        items, waves = load_index(), load_waves()
        for run, member, cfg, model in models:
            if not member.startswith("fold"):
                continue
            fold = int(member[4:])
            _, te = split(items, fold, cfg["folds"], cfg.get("fold_seed", 0))
            rows = score_clips([model], items, te, waves, cfg["window"], cfg["hop"], cfg["eval_max_windows"])
            for r in rows:
                r["fold"] = fold
            from common import save_json
            save_json(rows, RUNS / run / member / "scores.json")
            print(f"scored {run}/{member}: {len(rows)} clips", flush=True)


def check(onnx_path, models, side):
    """The recovered members, run as the exported graph runs them, give its logits."""
    from export import Ensemble, SubWindows, node_check
    W = side["windowSamples"]
    wrapped = [m if c["window"] == W else SubWindows(m, c["window"], c["hop"], W).eval() for _, _, c, m in models]
    ens = Ensemble(wrapped).eval()
    rng = np.random.default_rng(1)
    x = (rng.standard_normal((3, W)) * rng.uniform(0.01, 0.5, (3, 1))).astype(np.float32)
    with torch.no_grad():
        ref = ens(torch.from_numpy(x)).numpy().astype(np.float64)
    parity = ROOT / f"{Path(onnx_path).stem}.parity.json"
    res = node_check(onnx_path, parity, x, ref, reps=1)
    assert res["maxAbsDiffTorch"] < 1e-4, res
    print(f"recovered {len(models)} members; max |torch - onnx| {res['maxAbsDiffTorch']:.2e}", flush=True)


if __name__ == "__main__":
    main()
