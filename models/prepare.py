"""Prepare step: decode the corpus to 16 kHz, trim edge silence, add local spoof
(vocoder resyntheses of every bona fide clip, espeak-ng / flite / festival TTS) and
precompute ffmpeg codec variants. Writes models/data/index.json + wave_<variant>.npy.

usage: /usr/bin/python3 models/prepare.py [--resynth 2] [--tts 500] [--workers 2] [--codec-variants 2]
"""
from lib import common  # noqa: F401  (sets OpenMP env before torch loads)
import argparse
import csv
import re
import zlib
import time
from multiprocessing import Pool

import numpy as np
import soundfile as sf
import torch
import torchaudio.functional as AF

from dataprep import channel_codecs
from dataprep import synth
from lib.common import CORPUS, DATA, SR, save_json

CHUNK = 60 * SR


def trim_silence(x, floor_db=-40.0, frame=320):
    """Cut leading/trailing frames more than 40 dB below the loudest 20 ms frame."""
    n = len(x) // frame
    if n < 3:
        return x
    e = 10 * np.log10((x[:n * frame].reshape(n, frame) ** 2).mean(1) + 1e-12)
    keep = np.nonzero(e > e.max() + floor_db)[0]
    a, b = max(keep[0] - 1, 0), min(keep[-1] + 2, n)
    return x[a * frame:b * frame]


def decode_job(path):
    x, sr = sf.read(path, dtype="float32", always_2d=True)
    x = x.mean(1)
    if sr != SR:
        x = AF.resample(torch.from_numpy(x), sr, SR).numpy()
    return trim_silence(x)


def load_corpus(pool=None):
    rows = list(csv.DictReader(open(CORPUS / "manifest.csv")))
    items, waves = [], []
    paths = [CORPUS / r["file"] for r in rows]
    decoded = pool.imap(decode_job, paths, chunksize=16) if pool else map(decode_job, paths)
    for i, (r, x) in enumerate(zip(rows, decoded)):
        items.append(dict(origin="corpus", row=i, file=r["file"], label=int(r["label"] == "spoof"),
                          system=r["system"], source=r["source_repo"], speaker=r["speaker"],
                          license=r["license"]))
        waves.append(x)
    return rows, items, waves


def resynth_job(args):
    x, seed, k = args
    rng = np.random.default_rng(seed)
    fns = rng.permutation(len(synth.RESYNTH))[:k]
    return [synth.RESYNTH[f](x, rng) for f in fns]


def tts_job(args):
    engine, voice, text, seed = args
    y = synth.tts(engine, voice, text, np.random.default_rng(seed))
    return None if y is None else trim_silence(y)


def codec_job(args):
    x, seed, fixed, call = args
    if fixed:
        return channel_codecs.roundtrip(x, channel_codecs.OPUS16, 16)[0]
    return channel_codecs.random_roundtrip(x, seed, call)[0]


def codec_pass(pool, x, limit, key, fixed, call=False):
    """Copy of x whose first `limit` samples went through codec round trips, one per 60 s
    chunk (seeded by key and chunk start)."""
    starts = list(range(0, limit, CHUNK))
    jobs = [(x[s:min(s + CHUNK, limit)], zlib.crc32(f"{key}{s}".encode()), fixed, call) for s in starts]
    out = x.copy()
    for s, y in zip(starts, pool.imap(codec_job, jobs)):
        out[s:s + len(y)] = y
    return out


def english_texts(rows):
    return sorted({r["text"].strip() for r in rows if re.fullmatch(r"[A-Za-z0-9 ,.'?!;:\-\"]{20,300}", r["text"].strip())})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--resynth", type=int, default=2, help="resyntheses per bona fide clip")
    ap.add_argument("--tts", type=int, default=500, help="local TTS clips")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--codec-variants", type=int, default=2, choices=[1, 2],
                    help="random codec round trips per clip (1: codec_b reuses codec_a)")
    ap.add_argument("--call-codecs", action="store_true",
                    help="half the round trips from the call-like chains (low-rate Opus with FEC, Speex, G.726), some chained")
    ap.add_argument("--resynth-skip", default=None,
                    help="file of sources (first tab-separated column) whose bona fide clips get no resynthesis "
                         "(e.g. the sources an earlier release, used as a warm start, already learnt them from)")
    ap.add_argument("--extra", action="store_true",
                    help="then append dataprep/prepare_extra.py's items (harmonic-plus-noise resyntheses, festival voices)")
    ap.add_argument("--extra-tts", type=int, default=240, help="festival clips of the extra step")
    ap.add_argument("--no-opus16", action="store_true",
                    help="skip the fixed Opus 16 kb/s evaluation copy (the opus16 condition then reads clean)")
    a = ap.parse_args()
    t0 = time.time()
    DATA.mkdir(parents=True, exist_ok=True)
    save_json(vars(a), DATA / "prepare_args.json")
    pool = Pool(a.workers)
    rows, items, waves = load_corpus(pool)
    print(f"corpus decoded: {len(items)} clips {time.time() - t0:.0f}s", flush=True)
    skip = set()
    if a.resynth_skip:  # 'source<TAB>...' lines: sources whose bona fide get no resynthesis here
        skip = {line.split("\t")[0].strip() for line in open(a.resynth_skip) if line.strip()}
    bona = [i for i, it in enumerate(items) if it["label"] == 0 and it["source"] not in skip]
    jobs = [(waves[i], a.seed * 100003 + i, a.resynth) for i in bona]
    for i, outs in zip(bona, pool.imap(resynth_job, jobs, chunksize=8)):
        for y, system in outs:
            p = items[i]
            items.append(dict(origin="resynth", parent=i, label=1, system=system, source=p["source"],
                              speaker=p["speaker"], license=p["license"], file=p["file"]))
            waves.append(trim_silence(y))
    print(f"resynth done: {len(items)} items {time.time() - t0:.0f}s", flush=True)
    texts = english_texts(rows)
    rng = np.random.default_rng(a.seed)
    engines = [("espeak-ng", 0.5), ("flite", 0.35), ("festival", 0.15)]
    jobs = []
    for j in range(a.tts):
        eng = engines[int(rng.choice(3, p=[e[1] for e in engines]))][0]
        voice = str(rng.choice(synth.TTS_VOICES[eng]))
        jobs.append((eng, voice, texts[int(rng.integers(len(texts)))], a.seed * 7 + j))
    for (eng, voice, _, _), y in zip(jobs, pool.imap(tts_job, jobs, chunksize=4)):
        if y is not None:
            items.append(dict(origin="tts", label=1, system=f"{eng}-{voice}", source=f"local/{eng}",
                              speaker=voice, license="generated locally (espeak-ng GPL-3.0 / flite BSD / festival MIT-like)"))
            waves.append(y)
    print(f"tts done: {len(items)} items {time.time() - t0:.0f}s", flush=True)
    lengths = np.array([len(w) for w in waves])
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    clean = np.concatenate(waves).astype(np.float32)
    for it, o, n in zip(items, offsets, lengths):
        it.update(offset=int(o), length=int(n))
    save_json(items, DATA / "index.json")
    np.save(DATA / "wave_clean.npy", (np.clip(clean, -1, 1) * 32767).astype(np.int16))
    n_corpus = int(offsets[len(rows)]) if len(items) > len(rows) else len(clean)
    passes = [("opus16", True, n_corpus), ("codec_a", False, len(clean)), ("codec_b", False, len(clean))]
    passes = passes[:1 + a.codec_variants]
    if a.no_opus16:
        passes = passes[1:]
    for name, fixed, limit in passes:
        out = codec_pass(pool, clean, limit, name, fixed, a.call_codecs and not fixed)
        np.save(DATA / f"wave_{name}.npy", (np.clip(out, -1, 1) * 32767).astype(np.int16))
        print(f"{name} done {time.time() - t0:.0f}s", flush=True)
    pool.close()
    print(f"total samples {len(clean)} ({len(clean) / SR / 3600:.2f} h)", flush=True)
    if a.extra:
        from dataprep import prepare_extra
        prepare_extra.main(["--tts", str(a.extra_tts), "--workers", str(a.workers)])


if __name__ == "__main__":
    main()
