"""Fine-tune a shipped architecture on a folder of real and a folder of fake files.

  /usr/bin/python3 models/finetune.py --real DIR --fake DIR --base lite --out DIR [--steps 300]

Files (any format ffmpeg/libsndfile reads) are decoded to 16 kHz and edge-trimmed; a
deterministic 25 % of each folder (by file name hash) is held out. The base checkpoint
(the run of the config named in models/<base>.json, final, else fold0) is trained on the rest, mixed 50/50 with corpus
batches when models/data exists (so it does not forget), then the held-out files are
scored under the same 4 channel conditions and OUT gets <base>.onnx, <base>.json,
<base>.parity.json, metrics/<base>.metrics.json and report.md. With one held-out split the
calibration and thresholds are fitted on the same held-out files (stated in the report)."""
from lib import common  # noqa: F401  (sets OpenMP env before torch loads)
import argparse
import subprocess
import zlib
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

from dataprep import channel_codecs
from lib import config
from lib.common import DATA, ROOT, RUNS, load_index, load_json, load_waves, save_json, set_threads
from evaluate import evaluate
from export import SubWindows, export
from prepare import trim_silence
from train import batch_loss, config_sampler, load_model, score_clips
from lib.data import Sampler, crop

EXTS = {".wav", ".flac", ".ogg", ".opus", ".mp3", ".m4a", ".aac", ".webm", ".mp4"}


def decode(path):
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1", "-ar", "16000",
                          "pipe:1"], check=True, capture_output=True).stdout
    return trim_silence(np.frombuffer(raw, np.float32).copy())


def load_folder(real, fake):
    items, waves = [], []
    for label, folder in ((0, real), (1, fake)):
        for p in sorted(Path(folder).rglob("*")):
            if p.suffix.lower() in EXTS:
                x = decode(p)
                if len(x) >= 8000:
                    held = zlib.crc32(p.name.encode()) % 4 == 0
                    items.append(dict(origin="corpus", file=str(p), label=label, held=held, source=str(folder),
                                      system="user-real" if label == 0 else "user-fake"))
                    waves.append(x)
    lengths = [len(w) for w in waves]
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(int)
    for it, o, n in zip(items, offsets, lengths):
        it.update(offset=int(o), length=int(n))
    clean = np.concatenate(waves)
    opus = np.concatenate([channel_codecs.roundtrip(w, channel_codecs.OPUS16, 16)[0] for w in waves])
    q = lambda a: (np.clip(a, -1, 1) * 32767).astype(np.int16)
    return items, {"clean": q(clean), "codec_a": q(opus), "codec_b": q(clean), "opus16": q(opus)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--real", required=True)
    ap.add_argument("--fake", required=True)
    ap.add_argument("--base", default="lite", choices=["lite", "large"])
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--checkpoint", default=None, help="run dir with model.pt (default runs/<base>/final)")
    a = ap.parse_args()
    set_threads()
    # The shipped sidecar names the config that produced it; an export-only ensemble config
    # (large) names the member config to fine-tune, and the result keeps the ensemble's window.
    cfg_path = ROOT.parent / load_json(ROOT / f"{a.base}.json")["training"]["config"]
    cfg = outer = config.load(cfg_path)
    if "finetune_config" in outer:
        cfg_path = ROOT.parent / outer["finetune_config"]
        cfg = config.load(cfg_path)
    ckpt = Path(a.checkpoint) if a.checkpoint else RUNS / cfg["name"] / "final"
    model = load_model(cfg, ckpt if ckpt.exists() else RUNS / cfg["name"] / "fold0")
    items, waves = load_folder(a.real, a.fake)
    train_idx = [i for i, it in enumerate(items) if not it["held"]]
    test_idx = [i for i, it in enumerate(items) if it["held"]]
    assert {items[i]["label"] for i in train_idx} == {0, 1}, "need real and fake files to train on"
    user = Sampler(items, train_idx, waves, cfg["train_window"], 0)
    replay = None
    if (DATA / "index.json").exists():
        corpus_items = load_index()
        replay = config_sampler(cfg, corpus_items, list(range(len(corpus_items))), load_waves(), 1)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=1e-3)
    g, loss_fn = torch.Generator().manual_seed(0), nn.BCEWithLogitsLoss()
    model.train()
    for step in range(a.steps):
        half = cfg["batch"] // 2 if replay else cfg["batch"]
        x, y = user.batch(half)
        if replay:
            x2, y2 = replay.batch(cfg["batch"] - half)
            x, y = torch.cat([x, x2]), torch.cat([y, y2])
        loss = batch_loss(model, x, y, g, cfg, loss_fn)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 50 == 0:
            print(f"step {step} loss {loss.item():.4f}", flush=True)
    model.eval()
    out = Path(a.out)
    rows = score_clips([model], items, test_idx, waves, cfg["window"], cfg["hop"], cfg["eval_max_windows"])
    for r in rows:
        r["fold"] = 0
    save_json(rows, out / "fold0" / "scores.json")
    torch.save(model.state_dict(), out / "model.pt")
    m = evaluate(out)
    m["note"] = "held-out 25 % of the given files (by name hash); calibration/thresholds in-sample on them"
    cmd = f"/usr/bin/python3 models/finetune.py --real {a.real} --fake {a.fake} --base {a.base} --out {a.out}"
    shipped = model
    if outer["window"] != cfg["window"]:
        shipped = SubWindows(model, cfg["window"], cfg["hop"], outer["window"]).eval()
    export(shipped, dict(cfg, ship_as=a.base, window=outer["window"], hop=outer["hop"]), out, m, ["finetuned"],
           "finetuned-1", cmd, str(cfg_path.relative_to(ROOT.parent)), display=f"Veracall {a.base} (fine-tuned)")
    print((out / "report.md").read_text())


if __name__ == "__main__":
    main()
