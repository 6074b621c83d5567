"""Rebuild an exported ensemble's members as PyTorch checkpoints, so that a later session
can score, combine and re-export them without retraining (models/runs/ is never committed).

  /usr/bin/python3 models/tools/recover_members.py --onnx models/large.onnx [--score]
writes models/runs/<run>/<member>/model.pt (+ <run>/config.json, the config named <run> under models/configs) for
every member named in metrics/<name>.metrics.json beside the graph (an older release: check out its
<name>.onnx, <name>.json, <name>.parity.json and metrics/<name>.metrics.json into one folder and
pass --onnx FOLDER/<name>.onnx); --score then scores each fold member
on its held-out sources (runs/<run>/fold<k>/scores.json, exactly as train.py does), so
evaluate.py --combine can put old and new runs together.

The exporter folded each BatchNorm into the convolution before it (constant folding), so a
recovered conv takes the folded weight, and its BatchNorm is rebuilt around the statistics
of that conv's output on training batches (mean m, variance v): scale sqrt(v + eps) and
shift m + folded bias give back exactly the folded function in eval mode (checked against
the ONNX graph by onnxruntime-node), and in training mode (fine-tuning from a recovered
checkpoint) batch statistics close to m and v keep it close to it."""
import sys  # noqa: E402
from pathlib import Path as _Path
sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))  # models/, when run as a script
from lib import common  # noqa: F401  (sets OpenMP env before torch loads)
import argparse
import shutil
from pathlib import Path

import numpy as np
import torch

from lib import config
from lib.common import ROOT, RUNS, load_index, load_json, load_waves, set_threads
from lib.data import load_fold_base, source_folds, split
from train import build, config_sampler, recalibration_batches, score_fold

SEEN = "models/metrics/sources-seen-by-2026.11.30-9.txt"  # source<TAB>fold of the release 2026.11.30-9


def scope_path(node_name):
    """'/members.3/model/stem/stem.1/stem.1.0/Conv' -> 'members.3.model.stem.1.0';
    '/members.3/model/fine/net/net.0/Conv' -> 'members.3.model.fine.net.0' (a scope name that
    extends the one before it is a child of a container and replaces it)."""
    path = []
    for comp in node_name.strip("/").split("/")[:-1]:
        if path and comp.startswith(path[-1] + "."):
            path[-1] = comp
        else:
            path.append(comp)
    return ".".join(path)


def onnx_tensors(path):
    import onnx
    from onnx import numpy_helper
    m = onnx.load(str(path))
    init = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    convs = {}  # full module path of a conv with a folded BatchNorm -> (weight, bias)
    for n in m.graph.node:
        if n.op_type == "Conv" and len(n.input) == 3 and n.input[1] in init:
            convs[scope_path(n.name)] = (init[n.input[1]], init[n.input[2]])
    return init, convs


def conv_bn_pairs(model):
    """(conv name, conv, bn name, bn) for every conv followed by a BatchNorm in its Sequential."""
    mods = dict(model.named_modules())
    out = []
    for name, mod in mods.items():
        if isinstance(mod, (torch.nn.Conv1d, torch.nn.Conv2d)) and "." in name:
            parent, idx = name.rsplit(".", 1)
            bn_name = f"{parent}.{int(idx) + 1}" if idx.isdigit() else None
            if isinstance(mods.get(bn_name), torch.nn.modules.batchnorm._BatchNorm):
                out.append((name, mod, bn_name, mods[bn_name]))
    return out


def rebuild(cfg, prefix, init, convs):
    """LiteNet of cfg with the weights of the member whose modules are under `prefix`
    ('members.3.model'); each BatchNorm the identity on top of the folded bias."""
    model = build(cfg).eval()
    state = model.state_dict()
    for name in list(state):
        if f"{prefix}.{name}" in init:
            state[name] = torch.from_numpy(init[f"{prefix}.{name}"].copy())
    pairs = conv_bn_pairs(model)
    missing = [c for c, *_ in pairs if f"{prefix}.{c}" not in convs]
    if missing:
        raise SystemExit(f"{prefix}: no folded conv in the graph for {missing}")
    for conv_name, _, bn_name, bn in pairs:
        w, b = convs[f"{prefix}.{conv_name}"]
        state[f"{conv_name}.weight"] = torch.from_numpy(w.copy())
        state[f"{bn_name}.weight"] = torch.ones_like(bn.weight)
        state[f"{bn_name}.bias"] = torch.from_numpy(b.copy())
        state[f"{bn_name}.running_mean"] = torch.zeros_like(bn.running_mean)
        state[f"{bn_name}.running_var"] = torch.full_like(bn.running_var, 1 - bn.eps)
    model.load_state_dict(state)
    return model


@torch.no_grad()
def restore_bn_statistics(model, batches):
    """Eval-mode identity BatchNorms -> BatchNorms with the real statistics of their input
    (the conv output), same eval-mode function (see the module docstring)."""
    pairs = conv_bn_pairs(model)
    sums = {bn_name: [0.0, 0.0, 0] for _, _, bn_name, _ in pairs}
    hooks = []
    for _, conv, bn_name, _ in pairs:
        def hook(mod, inp, out, key=bn_name):
            dims = [d for d in range(out.dim()) if d != 1]
            acc = sums[key]
            acc[0] = acc[0] + out.mean(dim=dims)
            acc[1] = acc[1] + (out * out).mean(dim=dims)
            acc[2] += 1
        hooks.append(conv.register_forward_hook(hook))
    model.eval()
    for x in batches:
        model(x)
    for h in hooks:
        h.remove()
    for _, _, bn_name, bn in pairs:
        s1, s2, n = sums[bn_name]
        mean, var = s1 / n, (s2 / n - (s1 / n) ** 2).clamp(min=1e-6)
        bias = bn.bias.clone()  # the folded bias
        bn.running_mean.copy_(mean)
        bn.running_var.copy_(var)
        bn.weight.copy_(torch.sqrt(var + bn.eps))
        bn.bias.copy_(mean + bias)
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx", default=str(ROOT / "large.onnx"))
    ap.add_argument("--score", action="store_true", help="score each fold member on its held-out sources")
    ap.add_argument("--bn-batches", type=int, default=20)
    a = ap.parse_args()
    set_threads()
    name, where = Path(a.onnx).stem, Path(a.onnx).parent  # sidecar and metrics/ beside the graph
    shipped = load_json(where / "metrics" / f"{name}.metrics.json")
    side = load_json(where / f"{name}.json")
    init, convs = onnx_tensors(a.onnx)
    items, waves = load_index(), load_waves()
    models = []
    for k, spec in enumerate(shipped["members"]):  # 'models/runs/lite-phase/fold0'
        run, member = Path(spec).parent.name, Path(spec).name
        cfg = config.load(config.find(run))
        wrapped = cfg["window"] != side["windowSamples"]  # export.SubWindows adds a .model level
        model = rebuild(cfg, f"members.{k}.model" if wrapped else f"members.{k}", init, convs)
        models.append((run, member, cfg, model))
    check(a.onnx, models, side, "folded")
    for run, member, cfg, model in models:
        fold = int(member[4:]) if member.startswith("fold") else -1
        # the release's own folds (the sources it saw keep theirs, later ones fill in), so the
        # BatchNorm statistics never include a fold member's held-out sources
        tr, _ = split(items, fold, cfg["folds"], cfg.get("fold_seed", 0), load_fold_base(SEEN))
        sampler = config_sampler(cfg, items, tr, waves, fold + 7, window=cfg["window"])
        g = torch.Generator().manual_seed(fold + 7)
        restore_bn_statistics(model, recalibration_batches(sampler, cfg, g, a.bn_batches))
    check(a.onnx, models, side, "with BatchNorm statistics")
    for run, member, cfg, model in models:
        out = RUNS / run / member
        out.mkdir(parents=True, exist_ok=True)
        torch.save(model.state_dict(), out / "model.pt")
        shutil.copy(config.find(run), RUNS / run / "config.json")
    if a.score:
        score(models, items, waves, shipped)


def score(models, items, waves, shipped):
    """Held-out scores of the fold members, after checking that today's folds are the ones
    the shipped figures used (a changed corpus would move sources between folds)."""
    for run, member, cfg, model in models:
        if not member.startswith("fold"):
            continue
        folds = source_folds(items, cfg["folds"], cfg.get("fold_seed", 0))
        moved = [s for s, v in shipped.get("bySource", {}).items() if folds.get(s) != v["fold"]]
        if moved:
            raise SystemExit(f"folds differ from the shipped evaluation for {moved}: held-out scoring would leak")
        fold = int(member[4:])
        _, te = split(items, fold, cfg["folds"], cfg.get("fold_seed", 0))
        rows = score_fold(model, cfg, fold, te, items, waves, RUNS / run / member / "scores.json")
        print(f"scored {run}/{member}: {len(rows)} clips", flush=True)


def check(onnx_path, models, side, what):
    """The recovered members, run as the exported graph runs them, give its logits."""
    from export import Ensemble, SubWindows, node_check
    W = side["windowSamples"]
    wrapped = [m if c["window"] == W else SubWindows(m, c["window"], c["hop"], W).eval() for _, _, c, m in models]
    ens = Ensemble(wrapped).eval()
    rng = np.random.default_rng(1)
    x = (rng.standard_normal((3, W)) * rng.uniform(0.01, 0.5, (3, 1))).astype(np.float32)
    with torch.no_grad():
        ref = ens(torch.from_numpy(x)).numpy().astype(np.float64)
    parity = Path(onnx_path).with_suffix(".parity.json")
    res = node_check(onnx_path, parity, x, ref, reps=1)
    assert res["maxAbsDiffTorch"] < 1e-4, res
    print(f"recovered {len(models)} members ({what}); max |torch - onnx| {res['maxAbsDiffTorch']:.2e}", flush=True)


if __name__ == "__main__":
    main()
