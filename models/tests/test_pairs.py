"""Unit tests for paired training (a bona fide clip and its spoof twin share one channel)
and the class-conditional source adversary."""
import sys
import unittest
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:
    import torch
    from lib import data
    from experiments.adversary import SourceAdversary
    from train import augment_pairs
except ImportError as e:  # torch/torchaudio missing: the recipe cannot run here at all
    raise unittest.SkipTest(f"needs {e.name}")


def items_and_waves():
    """4 bona fide clips in 2 sources, a resynthesis of each, 2 unpaired spoof clips."""
    rng = np.random.default_rng(0)
    items, chunks, offset = [], [], 0
    def add(**it):
        nonlocal offset
        n = 20000 + 1000 * len(items)
        chunks.append((rng.standard_normal(n) * 3000).astype(np.int16))
        items.append(dict(it, offset=offset, length=n, file=f"f{len(items)}", row=len(items)))
        offset += n
    for k in range(4):
        add(origin="corpus", label=0, system="bonafide-x", source=f"s{k % 2}")
    for k in range(4):
        add(origin="resynth", parent=k, label=1, system="resynth-hnm", source=f"s{k % 2}")
    add(origin="corpus", label=1, system="tts-a", source="s2")
    add(origin="tts", label=1, system="espeak-x", source="local/espeak")
    wave = np.concatenate(chunks)
    return items, {v: wave for v in ("clean", "codec_a", "codec_b")}


class PairedBatchTest(unittest.TestCase):
    def test_twins_follow_parents_and_training_split(self):
        items, _ = items_and_waves()
        twins = data.twin_pairs(items, np.array([0, 1, 2]), {4, 5, 6, 8, 9})
        self.assertEqual(twins, {0: [4], 1: [5], 2: [6]})  # bona fide 3 is not in training

    def test_paired_batch_layout(self):
        items, waves = items_and_waves()
        s = data.Sampler(items, np.arange(len(items)), waves, 8000, seed=1)
        x, y = s.paired_batch(3, 10)
        self.assertEqual(tuple(x.shape), (10, 8000))
        self.assertEqual(y[:6].tolist(), [0, 0, 0, 1, 1, 1])
        for j in range(3):
            bona, twin = s.last[j], s.last[3 + j]
            self.assertEqual(items[twin]["parent"], bona)
        self.assertEqual(len(s.last), 10)

    def test_variant_shares_pick_the_codec_arrays(self):
        items, waves = items_and_waves()
        n = len(waves["clean"])
        marked = {"clean": np.full(n, 1000, np.int16), "codec_a": np.full(n, -1000, np.int16),
                  "codec_b": np.full(n, -2000, np.int16)}
        only_clean = data.Sampler(items, np.arange(len(items)), marked, 8000, seed=1, variant_p=(1.0, 0.0, 0.0))
        x, _ = only_clean.batch(64)
        self.assertTrue(bool((x > 0).all()))
        mixed = data.Sampler(items, np.arange(len(items)), marked, 8000, seed=1, variant_p=(0.6, 0.2, 0.2))
        rows = torch.cat([mixed.batch(64)[0][:, 0] for _ in range(20)])
        clean = float((rows > 0).float().mean())
        self.assertTrue(0.5 < clean < 0.7, clean)
        self.assertTrue(bool((rows < -0.05).any()))

    def test_pair_shares_the_channel(self):
        g = torch.Generator().manual_seed(3)
        x = torch.randn(4, 16000) * 0.1
        x = torch.cat([x, x, torch.randn(2, 16000) * 0.1])
        for _ in range(5):
            out = augment_pairs(x, 4, g, None)
            self.assertTrue(torch.equal(out[:4], out[4:8]), "same input + same channel = same output")
            self.assertFalse(torch.equal(out[:4], x[:4]), "the channel did change the audio")


class SourceAdversaryTest(unittest.TestCase):
    def test_reverses_gradient_and_conditions_on_class(self):
        items, _ = items_and_waves()
        adv = SourceAdversary(6, items, np.arange(len(items)), hidden=4)
        self.assertEqual(adv.heads[0][-1].out_features, 2)  # bona fide sources s0, s1
        self.assertEqual(adv.heads[1][-1].out_features, 4)  # spoof: s0, s1, s2, local/espeak
        pooled = torch.randn(4, 6, requires_grad=True)
        ids, y = np.array([0, 1, 4, 9]), torch.tensor([0.0, 0.0, 1.0, 1.0])
        adv(pooled, ids, y, 1.0).backward()
        ascent = pooled.grad.clone()
        pooled.grad = None
        adv(pooled, ids, y, 0.0).backward()
        self.assertTrue(torch.all(pooled.grad == 0), "lambda 0: no gradient reaches the detector")
        pooled.grad = None
        loss = sum(adv.ce(adv.heads[int(lbl)](pooled[[i]]), torch.tensor([adv.source_id[int(lbl)][ids[i]]]))
                   for i, lbl in enumerate(y.tolist())) / 4
        plain = torch.autograd.grad(loss, pooled)[0]
        self.assertFalse(torch.allclose(ascent, torch.zeros_like(ascent)))
        self.assertTrue(torch.allclose(torch.sign(ascent[ascent.abs() > 1e-6]), -torch.sign(plain[ascent.abs() > 1e-6])))


class SourceBalanceTest(unittest.TestCase):
    def test_balance_one_makes_sources_equally_likely(self):
        items, waves = items_and_waves()
        items.append(dict(items[0], offset=0, length=20000, file="extra"))  # s0 now has 3 bona fide clips
        idx = np.arange(len(items))
        for balance, share_s0 in ((1.0, 0.5), (0.0, 0.6)):
            sel, w = data.Sampler(items, idx, waves, 8000, 0, balance=balance).pools[0]
            got = sum(wi for i, wi in zip(sel, w) if items[i]["source"] == "s0")
            self.assertAlmostEqual(got, share_s0)

    def test_local_share_sets_the_fraction_of_local_spoof_draws(self):
        items, waves = items_and_waves()  # spoof: 4 resyntheses + 1 local TTS (local), 1 corpus clip
        idx = np.arange(len(items))
        for share in (0.25, 0.8):
            sel, w = data.Sampler(items, idx, waves, 8000, 0, local_share=share).pools[1]
            got = sum(wi for i, wi in zip(sel, w) if items[i]["origin"] != "corpus")
            self.assertAlmostEqual(got, share)
        sel, w = data.Sampler(items, idx, waves, 8000, 0).pools[1]  # default: 1/sqrt(#clips of the source)
        r2 = np.sqrt(2)  # s0 and s1 hold 2 resyntheses each; s2 and local/espeak one clip each
        self.assertAlmostEqual(sum(wi for i, wi in zip(sel, w) if items[i]["origin"] != "corpus"), (2 * r2 + 1) / (2 * r2 + 2))


class FamilyBalanceTest(unittest.TestCase):
    def test_full_balance_makes_families_equally_likely_and_keeps_local_items(self):
        its = [dict(origin="corpus", label=1, system=s) for s in ("a", "a", "a", "b")] + [dict(origin="tts", label=1, system="x")]
        table = {"a": "neural_vocoder", "b": "codec_lm"}
        w = np.ones(5)
        out = data.balance_families(w, its, 1.0, table)
        self.assertAlmostEqual(out[:3].sum(), out[3])
        self.assertAlmostEqual(out[:4].sum(), 4.0)
        self.assertEqual(out[4], 1.0)
        half = data.balance_families(w, its, 0.5, table)
        self.assertAlmostEqual(half[:3].sum() / half[3], np.sqrt(3))
        self.assertTrue(np.allclose(data.balance_families(w, its, 0.0, table), w))


if __name__ == "__main__":
    unittest.main()
