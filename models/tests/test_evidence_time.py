"""Evidence over time: with window traces whose spoof evidence accumulates, the held-FPR
detection grows with the speech heard and the held FPR stays near its target."""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:
    import numpy as np
    from tools.evidence_time import evidence
except ImportError as e:
    raise unittest.SkipTest(f"needs {e.name}")


class EvidenceTimeTest(unittest.TestCase):
    def test_detection_grows_with_windows_at_held_fpr(self):
        rng = np.random.default_rng(0)
        rows = []
        for i in range(2000):
            label = i % 2
            # independent window noise around a small class offset: averaging more windows separates
            rows.append(dict(label=label, fold=i % 4, trace=list(rng.normal(0.8 * label, 1.0, 10))))
        presets = {q: dict(threshold=0.9) for q in ("sensitive", "balanced", "conservative")}
        ev = evidence(rows, 1.0, 0.0, presets)
        one = ev["table"]["mean | 2 s (1 window)"]["sensitive"]
        whole = ev["table"]["mean | whole clip"]["sensitive"]
        self.assertGreater(whole["heldDetection"], one["heldDetection"] + 0.2)
        self.assertLess(abs(whole["heldFpr"] - 0.05), 0.03)
        self.assertEqual(ev["clips"], dict(bonafide=1000, spoof=1000))

    def test_short_clips_are_left_out(self):
        rows = [dict(label=i % 2, fold=i % 2, trace=[0.0] * 3) for i in range(10)]
        presets = {q: dict(threshold=0.5) for q in ("sensitive", "balanced", "conservative")}
        self.assertEqual(evidence(rows, 1.0, 0.0, presets)["clips"], dict(bonafide=0, spoof=0))


if __name__ == "__main__":
    unittest.main()
