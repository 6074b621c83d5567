"""Prepare step 3 (after prepare_extra.py): train the small neural vocoder of
neural_vocoder.py on the bona fide corpus clips (MR-STFT loss, --minutes on the CPU), then
append a resynthesis of every bona fide clip by it to models/data (system
"resynth-neuralvoc", same source and speaker as its parent, own codec round trips).
The vocoder checkpoint goes to models/runs/vocoder/ (never committed).

usage: /usr/bin/python3 models/experiments/prepare_neural.py [--minutes 20] [--workers 2]
Note: the vocoder learns from all bona fide clips, held-out folds included (no labels are
used, and held-out spoof is untouched); its resyntheses of a held-out source's clips are
excluded from that fold's training like every other resynthesis."""
import sys  # noqa: E402
from pathlib import Path as _Path
sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))  # models/, when run as a script
from lib import common  # noqa: F401  (sets OpenMP env before torch loads)
import argparse
import time
from multiprocessing import Pool

import numpy as np
import torch

from experiments import neural_vocoder
from lib.common import DATA, RUNS, load_json, set_threads
from lib.data import clip_audio
from prepare import trim_silence
from dataprep.prepare_extra import append_items

SYSTEM = "resynth-neuralvoc"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=3)
    a = ap.parse_args()
    set_threads()
    t0 = time.time()
    items = load_json(DATA / "index.json")
    if any(it["system"] == SYSTEM for it in items):
        raise SystemExit("models/data already has the neural-vocoder items (run prepare.py first to rebuild)")
    clean = np.load(DATA / "wave_clean.npy", mmap_mode="r")
    bona = [i for i, it in enumerate(items) if it["origin"] == "corpus" and it["label"] == 0]
    clips = [clip_audio(clean, items[i]) for i in bona]
    voc, mel, steps = neural_vocoder.train(clips, a.minutes, a.seed, log=lambda m: print(m, flush=True))
    out = RUNS / "vocoder"
    out.mkdir(parents=True, exist_ok=True)
    torch.save(voc.state_dict(), out / "vocoder.pt")
    print(f"vocoder trained: {steps} steps {time.time() - t0:.0f}s", flush=True)
    new_items, new_waves = [], []
    for i, x in zip(bona, clips):
        p = items[i]
        new_items.append(dict(origin="resynth", parent=i, label=1, system=SYSTEM, source=p["source"],
                              speaker=p["speaker"], license=p["license"], file=p["file"]))
        new_waves.append(trim_silence(neural_vocoder.resynth(voc, mel, x)))
    print(f"resynthesised {len(new_items)} clips {time.time() - t0:.0f}s", flush=True)
    with Pool(a.workers) as pool:
        append_items(pool, items, new_items, new_waves, t0, "neural")


if __name__ == "__main__":
    main()
