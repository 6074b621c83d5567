"""Unit tests for the stem's domain-generalisation layers (style_norm.py): MixStyle swaps
feature statistics only between crops of one class, is the identity at inference, and
IBN instance-normalises half the channels."""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:
    import torch
    from arch.style_norm import IBN, MixStyle, partner
except ImportError as e:  # torch missing: the recipe cannot run here at all
    raise unittest.SkipTest(f"needs {e.name}")


class StyleNormTest(unittest.TestCase):
    def test_partners_stay_in_their_class(self):
        torch.manual_seed(0)
        groups = torch.tensor([0, 1, 0, 1, 1, 0, 0, 1.0])
        for _ in range(20):
            perm = partner(len(groups), groups)
            self.assertTrue(bool((groups[perm] == groups).all()))
            self.assertEqual(sorted(perm.tolist()), list(range(len(groups))))

    def test_mixstyle_mixes_statistics_within_class_only(self):
        torch.manual_seed(1)
        mix = MixStyle(p=1.0, alpha=100.0).train()  # mixing weights near 0.5
        # class 0 rows have channel means near 0, class 1 rows near 10; a partner from the
        # other class would pull a row's mean to about 5
        x = torch.randn(8, 3, 4, 5) + torch.tensor([0.0, 10.0] * 4).view(8, 1, 1, 1)
        mix.groups = torch.tensor([0.0, 1.0] * 4)
        for _ in range(10):
            out = mix(x)
            self.assertFalse(torch.allclose(out, x))  # statistics did move
            means = out.mean(dim=(1, 2, 3))
            self.assertTrue(bool((means[0::2].abs() < 2).all()), means)
            self.assertTrue(bool(((means[1::2] - 10).abs() < 2).all()), means)

    def test_mixed_statistics_are_one_blend_of_a_same_class_row(self):
        """Every channel's mean and std of row i become lam * own + (1 - lam) * partner's, one
        lam per row, and the partner is a row of the same class."""
        torch.manual_seed(3)
        mix = MixStyle(p=1.0, alpha=100.0).train()  # lam near 0.5: a blend is told from either end
        groups = torch.tensor([0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
        mu = torch.rand(6, 4) * 10  # each row and channel its own mean and std
        sd = 0.5 + torch.rand(6, 4) * 3
        x = torch.randn(6, 4, 8, 40)
        x = (x - x.mean(dim=(2, 3), keepdim=True)) / x.std(dim=(2, 3), keepdim=True)
        x = x * sd[:, :, None, None] + mu[:, :, None, None]
        mix.groups = groups
        out = mix(x)
        out_mu, out_sd = out.mean(dim=(2, 3)), out.std(dim=(2, 3))
        blended = 0
        for i in range(6):
            if torch.allclose(out_mu[i], mu[i], atol=1e-3) and torch.allclose(out_sd[i], sd[i], atol=1e-3):
                continue  # its own partner: nothing to check
            blended += 1
            partners = []
            for j in range(6):
                d = mu[i] - mu[j]
                if j == i:
                    continue
                lam = float((out_mu[i] - mu[j]) @ d / (d @ d))
                if (torch.allclose(out_mu[i], lam * mu[i] + (1 - lam) * mu[j], atol=1e-3)
                        and torch.allclose(out_sd[i], lam * sd[i] + (1 - lam) * sd[j], atol=1e-3)):
                    partners.append(j)
            self.assertTrue(partners, f"row {i}: statistics are no blend of any row")
            self.assertTrue(all(groups[j] == groups[i] for j in partners), f"row {i} mixed across classes")
        self.assertGreaterEqual(blended, 2)

    def test_missing_labels_are_an_error(self):
        mix = MixStyle(p=1.0).train()
        with self.assertRaises(ValueError):
            mix(torch.randn(4, 2, 3, 3))

    def test_training_loop_hands_over_the_labels_after_relabelling(self):
        import json
        from train import batch_loss, build
        cfg = json.loads((Path(__file__).resolve().parent.parent / "configs" / "experiments" / "lite-mix.json").read_text())
        cfg = dict(cfg, augment=dict(cfg["augment"], p_silent=1.0))  # every window becomes no speech
        model = build(cfg).train()
        x, y = 0.1 * torch.randn(4, cfg["train_window"]), torch.ones(4)
        batch_loss(model, x, y, torch.Generator().manual_seed(0), cfg, torch.nn.BCEWithLogitsLoss())
        self.assertTrue(torch.equal(model.mix.groups, torch.zeros(4)))

    def test_weight_averaging_re_estimates_statistics_without_mixing(self):
        from lib.weight_average import WeightAverage
        model = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 1), MixStyle(p=1.0), torch.nn.BatchNorm2d(2))
        wa = WeightAverage(model, start=0.0, every=1)
        wa.update(model, 1, 0.0)
        wa.apply(model, [torch.randn(4, 1, 3, 3)])  # no labels set: mixing would raise
        self.assertFalse(model.training)

    def test_mixstyle_is_the_identity_at_inference(self):
        mix = MixStyle(p=1.0).eval()
        x = torch.randn(4, 2, 3, 3)
        self.assertTrue(torch.equal(mix(x), x))

    def test_ibn_removes_per_crop_statistics_from_half_the_channels(self):
        ibn = IBN(4).eval()
        x = torch.randn(2, 4, 6, 7) * 5 + 3
        out = ibn(x)
        m = out[:, :2].mean(dim=(2, 3))
        self.assertTrue(torch.allclose(m, torch.zeros_like(m), atol=1e-5))
        self.assertFalse(torch.allclose(out[:, 2:].mean(dim=(2, 3)), torch.zeros(2, 2), atol=1e-2))


if __name__ == "__main__":
    unittest.main()
