"""Unit tests for the recipe's metrics (EER, Platt calibration, preset thresholds)."""
import sys
import unittest
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from lib import metrics  # noqa: E402


class EerTest(unittest.TestCase):
    def test_perfect_separation_is_zero(self):
        self.assertEqual(metrics.eer([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 0.0)

    def test_reversed_scores_are_one(self):
        self.assertEqual(metrics.eer([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]), 1.0)

    def test_overlapping_gaussians_match_theory(self):
        rng = np.random.default_rng(0)
        s = np.concatenate([rng.normal(0, 1, 20000), rng.normal(2, 1, 20000)])
        y = np.concatenate([np.zeros(20000), np.ones(20000)])
        # equal-variance Gaussians 2 sd apart cross at 1: EER = P(N(0,1) > 1) = 0.1587
        self.assertAlmostEqual(metrics.eer(s, y), 0.1587, delta=0.006)

    def test_single_class_is_nan(self):
        self.assertTrue(np.isnan(metrics.eer([0.1, 0.2], [1, 1])))


class CalibrationTest(unittest.TestCase):
    def test_platt_recovers_a_known_mapping(self):
        rng = np.random.default_rng(1)
        s = rng.normal(0, 2, 40000)
        y = (rng.random(40000) < metrics.sigmoid(0.7 * s - 0.4)).astype(float)
        a, b = metrics.platt(s, y)
        # classes are re-weighted to a 50/50 prior, which shifts only the bias
        self.assertAlmostEqual(a, 0.7, delta=0.05)
        self.assertTrue(np.isfinite(b))

    def test_platt_converges_on_heavy_tailed_scores(self):
        # overlapping classes with a few very confident scores: a plain Newton step
        # from (1, 0) diverges to |a| ~ 1e9 here (session 9, on lite-long30's scores)
        rng = np.random.default_rng(0)
        y = (rng.random(20000) < 0.6).astype(float)
        s = rng.standard_t(2, 20000) * 1.5 + (2 * y - 1) * 0.8
        a, b = metrics.platt(s, y)
        grid = min(metrics.platt_loss(s, y, ga, gb) for ga in np.linspace(0.01, 1, 100) for gb in np.linspace(-1, 1, 41))
        self.assertTrue(0 < a < 1 and abs(b) < 1)
        self.assertLessEqual(metrics.platt_loss(s, y, a, b), grid + 1e-9)

    def test_sigmoid_is_finite_for_huge_inputs(self):
        p = metrics.sigmoid([-1e4, 0.0, 1e4])
        np.testing.assert_allclose(p, [0.0, 0.5, 1.0])

    def test_threshold_for_fpr_flags_at_most_that_share(self):
        rng = np.random.default_rng(2)
        bona = rng.random(5000)
        for fpr in (0.05, 0.01, 0.002):
            thr = metrics.threshold_for_fpr(bona, fpr)
            self.assertLessEqual(float((bona > thr).mean()), fpr)
            self.assertGreater(float((bona > thr - 0.01).mean()), fpr * 0.5)

    def test_rates(self):
        r = metrics.rates([0.1, 0.9, 0.6, 0.2], [0, 1, 1, 0], 0.5)
        self.assertEqual(r, {"fpr": 0.0, "detection": 1.0})


if __name__ == "__main__":
    unittest.main()
