"""Unit tests for weight averaging (SWA): the average is the plain mean of the snapshots
taken after the start point, and BatchNorm statistics are re-estimated for it."""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:
    import torch
    from lib.weight_average import WeightAverage
except ImportError as e:  # torch missing: the recipe cannot run here at all
    raise unittest.SkipTest(f"needs {e.name}")


class WeightAverageTest(unittest.TestCase):
    def test_mean_of_the_snapshots_after_start(self):
        model = torch.nn.Linear(3, 1)
        wa = WeightAverage(model, start=0.5, every=2)
        seen = []
        for step in range(1, 11):
            with torch.no_grad():
                model.weight.fill_(float(step))
            wa.update(model, step, step / 10)
            if step / 10 >= 0.5 and step % 2 == 0:
                seen.append(float(step))
        self.assertEqual(wa.count, len(seen))
        self.assertEqual(seen, [6.0, 8.0, 10.0])
        wa.apply(model, [])
        self.assertTrue(torch.allclose(model.weight, torch.full_like(model.weight, sum(seen) / len(seen))))

    def test_batchnorm_statistics_are_re_estimated(self):
        model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2))
        with torch.no_grad():
            model[0].weight.copy_(torch.eye(2))
            model[0].bias.zero_()
        wa = WeightAverage(model, start=0.0, every=1)
        wa.update(model, 1, 0.0)
        g = torch.Generator().manual_seed(0)
        batches = [torch.randn(64, 2, generator=g) * 3 + 5 for _ in range(4)]
        wa.apply(model, batches)
        pooled = torch.cat(batches)
        self.assertTrue(torch.allclose(model[1].running_mean, pooled.mean(0), atol=1e-5))
        self.assertFalse(model.training)
        self.assertEqual(model[1].momentum, 0.1)


if __name__ == "__main__":
    unittest.main()
