"""Prepare step 2 (after prepare.py): append a harmonic-plus-noise (neural-source-filter-
like) resynthesis of every bona fide corpus clip, and festival HTS / diphone voices, to
models/data. New items get their own random codec round trip (codec_a/codec_b); opus16
stays corpus-only (evaluation), as in prepare.py.

usage: /usr/bin/python3 models/dataprep/prepare_extra.py [--tts 240] [--workers 2]
(apt: festvox-us-slt-hts festvox-kdlpc16k)
"""
import sys  # noqa: E402
from pathlib import Path as _Path
sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))  # models/, when run as a script
from lib import common  # noqa: F401  (sets OpenMP env before torch loads)
import argparse
import csv
import time
from multiprocessing import Pool

import numpy as np

from dataprep import synth
from lib.common import DATA, CORPUS, SR, load_json, save_json
from lib.data import clip_audio
from prepare import codec_pass, english_texts, trim_silence, tts_job


def hnm_job(args):
    x, seed = args
    return synth.hnm_resynth(x, np.random.default_rng(seed))


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--tts", type=int, default=240)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=2)
    a = ap.parse_args(argv)
    t0 = time.time()
    items = load_json(DATA / "index.json")
    if any(it["system"].startswith("resynth-hnm") for it in items):
        raise SystemExit("models/data already has the extra items (run prepare.py first to rebuild)")
    clean = np.load(DATA / "wave_clean.npy", mmap_mode="r")
    pool = Pool(a.workers)
    new_items, new_waves = [], []
    bona = [i for i, it in enumerate(items) if it["origin"] == "corpus" and it["label"] == 0]
    jobs = [(clip_audio(clean, items[i]), a.seed * 100003 + i) for i in bona]
    for i, (y, system) in zip(bona, pool.imap(hnm_job, jobs, chunksize=8)):
        p = items[i]
        new_items.append(dict(origin="resynth", parent=i, label=1, system=system, source=p["source"],
                              speaker=p["speaker"], license=p["license"], file=p["file"]))
        new_waves.append(trim_silence(y))
    print(f"hnm resynth: {len(new_items)} {time.time() - t0:.0f}s", flush=True)
    texts = english_texts(list(csv.DictReader(open(CORPUS / "manifest.csv"))))
    rng = np.random.default_rng(a.seed)
    voices = synth.EXTRA_FESTIVAL_VOICES
    jobs = [("festival", voices[j % len(voices)], texts[int(rng.integers(len(texts)))], a.seed * 7 + j)
            for j in range(a.tts)]
    for (_, voice, _, _), y in zip(jobs, pool.imap(tts_job, jobs, chunksize=4)):
        if y is not None:
            new_items.append(dict(origin="tts", label=1, system=f"festival-{voice}", source="local/festival",
                                  speaker=voice, license="generated locally (festival MIT-like; festvox voices free)"))
            new_waves.append(y)
    print(f"tts: {len(new_items)} items {time.time() - t0:.0f}s", flush=True)
    append_items(pool, items, new_items, new_waves, t0, "extra")
    pool.close()


def append_items(pool, items, new_items, new_waves, t0, key):
    """Append new items (dicts without offset/length) and their float32 waves to models/data:
    every variant file grows by the same samples (codec_a/codec_b get their own codec round
    trip seeded by `key`, opus16 stays a copy of clean), then index.json is rewritten."""
    base = len(np.load(DATA / "wave_clean.npy", mmap_mode="r"))
    lengths = np.array([len(w) for w in new_waves])
    offsets = base + np.concatenate([[0], np.cumsum(lengths)[:-1]])
    for it, o, n in zip(new_items, offsets, lengths):
        it.update(offset=int(o), length=int(n))
    extra = np.concatenate(new_waves).astype(np.float32)
    extra16 = (np.clip(extra, -1, 1) * 32767).astype(np.int16)
    variants = {"clean": extra16}
    if (DATA / "wave_opus16.npy").exists():  # absent after prepare.py --no-opus16
        variants["opus16"] = extra16
    call = bool(load_json(DATA / "prepare_args.json").get("call_codecs")) if (DATA / "prepare_args.json").exists() else False
    for name in ("codec_a", "codec_b"):
        if not (DATA / f"wave_{name}.npy").exists():
            continue
        out = codec_pass(pool, extra, len(extra), f"{key}{name}", False, call)
        variants[name] = (np.clip(out, -1, 1) * 32767).astype(np.int16)
        print(f"{name} done {time.time() - t0:.0f}s", flush=True)
    for name, arr in variants.items():
        path = DATA / f"wave_{name}.npy"
        old = np.load(path, mmap_mode="r")
        assert len(old) == base, f"{path} length differs from wave_clean"
        tmp = DATA / f"wave_{name}.tmp.npy"
        out = np.lib.format.open_memmap(tmp, mode="w+", dtype=np.int16, shape=(base + len(arr),))
        out[:base] = old
        out[base:] = arr
        out.flush()
        del out, old
        tmp.replace(path)
    save_json(items + new_items, DATA / "index.json")
    print(f"appended {len(new_items)} items ({len(extra) / SR / 60:.1f} min) {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
