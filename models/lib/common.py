"""Paths and small helpers shared by the recipe scripts."""
import json
import os

# The 2 cores are shared with other builds: spinning OpenMP workers then stall each other.
# Entry scripts import this module before torch so the setting applies.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]  # models/
# ../shared/corpus beside the checkout (as the TypeScript tests and tools read it), or VERACALL_CORPUS.
CORPUS = Path(os.environ.get("VERACALL_CORPUS", ROOT.parent.parent / "shared" / "corpus"))
DATA = Path(os.environ.get("VERACALL_DATA", ROOT / "data"))
RUNS = ROOT / "runs"
SR = 16000
# Variants stored per item, all with identical offsets/lengths (see prepare.py).
VARIANTS = ("clean", "codec_a", "codec_b", "opus16")


def load_json(path):
    with open(path) as f:
        return json.load(f)


def save_json(obj, path):
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


def load_index(data_dir=DATA):
    """Item table (list of dicts) written by prepare.py."""
    return load_json(Path(data_dir) / "index.json")


def load_waves(data_dir=DATA, variants=VARIANTS):
    """Memory-mapped int16 arrays, one per channel variant."""
    out = {}
    for v in variants:
        path = Path(data_dir) / f"wave_{v}.npy"
        if v == "codec_b" and not path.exists():  # prepare.py --codec-variants 1
            path = Path(data_dir) / "wave_codec_a.npy"
        if v == "opus16" and not path.exists():  # prepare.py --no-opus16
            path = Path(data_dir) / "wave_clean.npy"
        out[v] = np.load(path, mmap_mode="r")
    return out


def set_threads():
    import torch
    torch.set_num_threads(int(os.environ.get("VERACALL_THREADS", "2")))
