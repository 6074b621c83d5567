"""Folds by source, class-balanced sampling, random crops and the fixed evaluation
channel conditions. Items come from prepare.py's index (corpus, resynth, tts)."""
import zlib

import numpy as np
import torch

from lib.augment import add_noise, telephone

CONDITIONS = ("clean", "opus16", "tel8k", "noisy10")


def source_folds(items, k, seed=0, base=None):
    """Corpus sources -> fold id, greedy by minutes so folds are similar in size.
    Locally generated TTS sources get fold -1 (always training, never evaluated).
    base: {source: fold} kept as given (an earlier release's folds, so its fold models can be
    warm-started and still never see their held-out sources); other sources fill in greedily."""
    dur = {}
    for it in items:
        if it["origin"] == "corpus":
            dur[it["source"]] = dur.get(it["source"], 0) + it["length"]
    rng = np.random.default_rng(seed)
    names = sorted(dur)
    names = [names[i] for i in rng.permutation(len(names))]
    names.sort(key=lambda s: -dur[s])
    load, folds = np.zeros(k), {}
    for s, f in (base or {}).items():
        if s in dur:
            folds[s] = f
            load[f] += dur[s]
    names = [s for s in names if s not in folds]
    names.sort(key=lambda s: -dur[s])
    for s in names:
        f = int(np.argmin(load))
        folds[s] = f
        load[f] += dur[s]
    return folds


def load_fold_base(path):
    """'source<TAB>fold' lines -> {source: fold} (config fold_base, relative to the repo root)."""
    if not path:
        return None
    from lib.common import ROOT
    with open(ROOT.parent / path) as f:
        return {s: int(v) for s, v in (line.rstrip("\n").split("\t") for line in f if line.strip())}


def split(items, fold, k, seed=0, base=None):
    """Indices (train, test). fold < 0: train on everything, no test set.
    Test = corpus clips of held-out sources only; their resyntheses are excluded too."""
    folds = source_folds(items, k, seed, base)
    train, test = [], []
    for i, it in enumerate(items):
        f = folds.get(it["source"], -1)
        if fold >= 0 and f == fold:
            if it["origin"] == "corpus":
                test.append(i)
        else:
            train.append(i)
    return np.array(train), np.array(test)


def split_family(items, held, source_fold, k, seed=0, table=None, base=None):
    """Leave-family-out: indices (train, test). Training loses every spoof item of the held
    families (locally made items count as concat_parametric) and every item of source fold
    `source_fold`; the test is the corpus spoof clips of the held families (any source) plus the
    corpus bona fide clips of that source fold, so the real speech it is judged against is
    unseen too."""
    from lib.families import family_of, system_families
    table = table if table is not None else system_families()
    folds = source_folds(items, k, seed, base)
    train, test = [], []
    for i, it in enumerate(items):
        fam = family_of(it, table)
        out_source = folds.get(it["source"], -1) == source_fold
        if it["origin"] == "corpus" and ((fam in held) or (it["label"] == 0 and out_source)):
            test.append(i)
        elif fam not in held and not out_source:
            train.append(i)
    return np.array(train), np.array(test)


VARIANT_P = (0.4, 0.3, 0.3)  # default shares of clean / codec_a / codec_b crops (config `variant_p`)


class Sampler:
    """Half bona fide, half spoof per batch; within a class each clip is weighted by
    #clips of its source and class ** -balance (default 1/sqrt) so big sources do not
    dominate (balance 1: every source equally likely). local_share (0..1), when given, is the
    fraction of spoof draws that go to locally made items (resyntheses, local TTS); the
    split within each part keeps the source weighting. family_balance (0..1) rescales the
    corpus spoof draws so that family f's share goes from W_f to W_f ** (1 - family_balance)
    (normalised; 1: every generator family of families.csv equally likely), so the large
    vocoder-era family does not drown out the modern ones."""

    def __init__(self, items, idx, waves, window, seed, variant_p=VARIANT_P, balance=0.5,
                 local_share=None, family_balance=0.0):
        self.items, self.waves, self.window = items, waves, window
        self.rng = np.random.default_rng(seed)
        self.variant_p = variant_p
        self.twins = None  # bona fide index -> spoof twins, built on the first paired batch
        self.pools = []
        for label in (0, 1):
            sel = [i for i in idx if items[i]["label"] == label]
            count = {}
            for i in sel:
                key = items[i]["source"]
                count[key] = count.get(key, 0) + 1
            w = np.array([count[items[i]["source"]] ** -balance for i in sel])
            if label == 1 and family_balance:
                w = balance_families(w, [items[i] for i in sel], family_balance)
            if label == 1 and local_share is not None:
                w = share_local(w, np.array([items[i]["origin"] != "corpus" for i in sel]), local_share)
            self.pools.append((np.array(sel), w / w.sum()))

    def batch(self, size):
        labels = np.array([0, 1] * (size // 2))
        out = np.zeros((size, self.window), np.float32)
        self.last = np.zeros(size, np.int64)  # item index per row (for source-adversarial heads)
        for j, label in enumerate(labels):
            sel, w = self.pools[label]
            self.last[j] = sel[self.rng.choice(len(sel), p=w)]
            out[j] = crop(self.waves[self._variant()], self.items[self.last[j]], self.window, self.rng)
        return torch.from_numpy(out), torch.from_numpy(labels.astype(np.float32))

    def _variant(self):
        return ("clean", "codec_a", "codec_b")[self.rng.choice(3, p=self.variant_p)]

    def paired_batch(self, pairs, size, aligned=None):
        """(x, y): rows 0..pairs-1 bona fide clips, rows pairs..2*pairs-1 a spoof twin of each
        (its vocoded resynthesis, or the same text and source spoken by a generator), cut at the
        same relative place from the same codec variant; the rest a normal batch. Trained under
        one shared channel, a twin differs from its bona fide only by how it was synthesised.
        aligned(system) -> bool, when given, keeps only resyntheses on the parent's time axis
        and cuts both at the same sample (for hard_spoof splicing)."""
        if self.twins is None:
            spoof = set(self.pools[1][0].tolist())
            if aligned is not None:
                spoof = {j for j in spoof if "parent" in self.items[j] and aligned(self.items[j]["system"])}
            self.twins = twin_pairs(self.items, self.pools[0][0], spoof)
        keys = list(self.twins)
        bona = np.zeros((pairs, self.window), np.float32)
        fake = np.zeros((pairs, self.window), np.float32)
        ids = np.zeros(2 * pairs, np.int64)
        for j in range(pairs):
            i = keys[self.rng.integers(len(keys))]
            t = self.twins[i][self.rng.integers(len(self.twins[i]))]
            ids[j], ids[pairs + j] = i, t
            v, at = self._variant(), float(self.rng.random())
            if aligned is None:
                bona[j] = crop_at(self.waves[v], self.items[i], self.window, at)
                fake[j] = crop_at(self.waves[v], self.items[t], self.window, at)
            else:  # same start sample in both (a resynthesis may be a few samples shorter)
                room = min(self.items[i]["length"], self.items[t]["length"])
                bona[j] = crop_at(self.waves[v], dict(self.items[i], length=room), self.window, at)
                fake[j] = crop_at(self.waves[v], dict(self.items[t], length=room), self.window, at)
        x, y = self.batch(size - 2 * pairs)
        self.last = np.concatenate([ids, self.last])
        x = torch.cat([torch.from_numpy(bona), torch.from_numpy(fake), x])
        y = torch.cat([torch.zeros(pairs), torch.ones(pairs), y])
        return x, y


def balance_families(w, its, strength, table=None):
    """Weights w of spoof items its, rescaled so that each family's total among the corpus
    items goes from W_f to W_f ** (1 - strength) (corpus total kept); local items unchanged."""
    from lib.families import family_of, system_families
    table = table if table is not None else system_families()
    fam = np.array([family_of(it, table) if it.get("origin", "corpus") == "corpus" else "" for it in its])
    out = w.astype(np.float64).copy()
    corpus = fam != ""
    total = out[corpus].sum()
    if not corpus.any():
        return out
    for f in set(fam[corpus].tolist()):
        m = fam == f
        out[m] *= out[m].sum() ** -strength
    out[corpus] *= total / out[corpus].sum()
    return out


def share_local(w, local, share):
    """Rescale weights w so the `local` entries carry `share` of the total (if both parts exist)."""
    if not local.any() or local.all():
        return w
    out = w.astype(np.float64).copy()
    out[local] *= share / out[local].sum()
    out[~local] *= (1 - share) / out[~local].sum()
    return out


def twin_pairs(items, bona_idx, spoof_idx):
    """bona fide index -> spoof indices of the same content: resyntheses (item "parent")
    and corpus spoof clips with the same source and text (manifest row)."""
    texts = manifest_texts()
    by_text = {}
    for i in bona_idx:
        it = items[i]
        if it["origin"] == "corpus" and texts.get(it["row"]):
            by_text.setdefault((it["source"], texts[it["row"]]), int(i))
    twins = {}
    for j in sorted(spoof_idx):
        it = items[j]
        if "parent" in it:
            parent = it["parent"]
        elif it["origin"] == "corpus":
            parent = by_text.get((it["source"], texts.get(it["row"], "")))
        else:
            parent = None
        if parent is not None:
            twins.setdefault(parent, []).append(j)
    keep = set(int(i) for i in bona_idx)
    return {i: v for i, v in twins.items() if i in keep}


def manifest_texts():
    """Manifest row -> normalised text ('' where none); {} without the corpus."""
    import csv
    from lib.common import CORPUS
    path = CORPUS / "manifest.csv"
    if not path.exists():
        return {}
    with open(path) as f:
        return {k: " ".join(r["text"].lower().split()) for k, r in enumerate(csv.DictReader(f))}


def clip_audio(wave, it):
    """One item's samples from an int16 variant array as float32 in [-1, 1]."""
    return np.asarray(wave[it["offset"]:it["offset"] + it["length"]], np.float32) / 32767


def crop_at(wave, it, window, at):
    """Crop starting at fraction `at` of the free range (tiles clips shorter than window)."""
    x = clip_audio(wave, it)
    if len(x) <= window:
        return np.resize(x, window)
    s = int(at * (len(x) - window))
    return x[s:s + window]


def crop(wave, it, window, rng):
    x = clip_audio(wave, it)
    if len(x) <= window:
        return np.resize(x, window)  # tile short clips (same for both classes)
    s = int(rng.integers(0, len(x) - window + 1))
    return x[s:s + window]


def clip_windows(x, window, hop, max_windows):
    """(n, window) windows of one clip: hop-spaced, at most max_windows evenly chosen."""
    if len(x) <= window:
        return np.resize(x, window)[None]
    starts = np.arange(0, len(x) - window + 1, hop)
    if starts[-1] != len(x) - window:
        starts = np.append(starts, len(x) - window)
    if len(starts) > max_windows:
        starts = starts[np.linspace(0, len(starts) - 1, max_windows).round().astype(int)]
    return np.stack([x[s:s + window] for s in starts])


def condition(waves, it, name):
    """Deterministic evaluation channel for one clip (float32 16 kHz)."""
    src = "opus16" if name == "opus16" else "clean"
    x = clip_audio(waves[src], it)
    if name == "tel8k":
        x = telephone(torch.from_numpy(x)[None])[0].numpy()
    elif name == "noisy10":
        g = torch.Generator().manual_seed(zlib.crc32(it.get("file", "").encode()))
        t = torch.from_numpy(x)[None]
        x = add_noise(t, torch.tensor([10.0]), torch.tensor([1.0]), g)[0].numpy()
    return x
