"""Unit tests for spliced hard spoof (hard_spoof.py) and aligned twin crops."""
import sys
import unittest
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import torch
    from lib import data
    from experiments import hard_spoof
    from test_pairs import items_and_waves
except ImportError as e:  # torch/torchaudio missing: the recipe cannot run here at all
    raise unittest.SkipTest(f"needs {e.name}")

SR = 16000


def band_energy(x, lo, hi):
    spec = np.abs(np.fft.rfft(x)) ** 2
    f = np.fft.rfftfreq(len(x), 1 / SR)
    return spec[(f >= lo) & (f < hi)].sum()


class SpliceTest(unittest.TestCase):
    def setUp(self):
        g = torch.Generator().manual_seed(0)
        self.bona = torch.randn(4, 16000, generator=g) * 0.1
        self.twin = torch.randn(4, 16000, generator=g) * 0.1

    def test_twin_equal_to_bona_gives_bona_back(self):
        y = hard_spoof.splice(self.bona, self.bona.clone(), torch.Generator().manual_seed(1))
        self.assertLess(float((y - self.bona)[:, 600:-600].abs().max()), 1e-4)

    def test_change_stays_above_the_cutoff(self):
        g = torch.Generator().manual_seed(2)
        y = hard_spoof.splice(self.bona, self.twin, g)
        for i in range(4):
            d = (y[i] - self.bona[i]).numpy()
            # every cut-off is >= 1 kHz: below ~700 Hz the difference carries almost no energy
            self.assertLess(band_energy(d, 0, 700), 0.01 * band_energy(d, 700, 8000))
            self.assertGreater(band_energy(d, 6500, 8000), 0.0)
            self.assertTrue(torch.isfinite(y[i]).all())

    def test_mask_bounds_and_time_span(self):
        m = hard_spoof.splice_mask(64, 257, 126, torch.Generator().manual_seed(3))
        self.assertGreaterEqual(float(m.min()), 0.0)
        self.assertLessEqual(float(m.max()), 1.0)
        covered = (m[:, -1, :] > 0.5).float().mean(1)  # share of frames used at the top bin
        self.assertGreater(float(covered.min()), 0.3)
        self.assertLess(float(m[:, 0, :].max()), 1e-4)  # DC never replaced

    def test_hard_rows_replace_only_the_twin_rows(self):
        x = torch.cat([self.bona, self.twin, torch.zeros(2, 16000)])
        out = hard_spoof.hard_rows(x, 4, torch.Generator().manual_seed(4))
        self.assertTrue(torch.equal(out[:4], x[:4]))
        self.assertTrue(torch.equal(out[8:], x[8:]))
        self.assertFalse(torch.equal(out[4:8], x[4:8]))


class AlignedTwinTest(unittest.TestCase):
    def test_aligned_batch_uses_resyntheses_cut_at_the_same_sample(self):
        items, waves = items_and_waves()  # resynth k is a copy-length clip of parent k
        s = data.Sampler(items, np.arange(len(items)), waves, 8000, seed=0)
        x, y = s.paired_batch(3, 10, aligned=hard_spoof.aligned)
        self.assertEqual(y[:6].tolist(), [0, 0, 0, 1, 1, 1])
        for j in range(3):
            bona, twin = items[s.last[j]], items[s.last[3 + j]]
            self.assertEqual(twin["parent"], s.last[j])
            self.assertTrue(hard_spoof.aligned(twin["system"]))
            # the crops start at the same sample of each clip
            ref = np.asarray(waves["clean"][bona["offset"]:bona["offset"] + bona["length"]], np.float32) / 32767
            head = x[j, :16].numpy()
            start = next(k for k in range(len(ref) - 16) if np.allclose(ref[k:k + 16], head, atol=1e-6))
            tw = np.asarray(waves["clean"][twin["offset"]:twin["offset"] + twin["length"]], np.float32) / 32767
            self.assertAlmostEqual(float(x[3 + j, 0]), float(tw[start]), places=5)

    def test_phase_vocoder_is_not_aligned(self):
        self.assertFalse(hard_spoof.aligned("resynth-phasevocoder"))
        self.assertTrue(hard_spoof.aligned("resynth-griffinlim-80mel-32it"))


if __name__ == "__main__":
    unittest.main()
