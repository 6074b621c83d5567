"""Unit tests for data handling that guards the honesty of the evaluation: folds hold out
whole sources, held-out sources' resyntheses never reach training, silence is trimmed,
and the parity input matches its written specification."""
import sys
import unittest
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from lib import data  # noqa: E402
from lib import parity  # noqa: E402


def items():
    out = []
    for s in range(8):
        for label in (0, 1):
            for k in range(3):
                out.append(dict(origin="corpus", source=f"src{s}", label=label, length=16000 * (s + 1)))
        out.append(dict(origin="resynth", source=f"src{s}", label=1, length=16000))
    out.append(dict(origin="tts", source="local-espeak", label=1, length=16000))
    return out


class FoldTest(unittest.TestCase):
    def test_each_source_is_in_exactly_one_fold_and_tts_is_train_only(self):
        it = items()
        folds = data.source_folds(it, 4)
        self.assertEqual(sorted(folds), [f"src{s}" for s in range(8)])
        self.assertNotIn("local-espeak", folds)
        seen_test = set()
        for f in range(4):
            train, test = data.split(it, f, 4)
            train_src = {it[i]["source"] for i in train}
            test_src = {it[i]["source"] for i in test}
            self.assertFalse(train_src & test_src, "a source is in both train and test")
            self.assertTrue(all(it[i]["origin"] == "corpus" for i in test))
            self.assertIn("local-espeak", train_src)
            seen_test |= test_src
        self.assertEqual(seen_test, set(folds))

    def test_final_training_uses_everything(self):
        it = items()
        train, test = data.split(it, -1, 4)
        self.assertEqual(len(train), len(it))
        self.assertEqual(len(test), 0)


class ParityInputTest(unittest.TestCase):
    def test_matches_the_written_spec(self):
        x = parity.parity_input(64, batch=2)
        self.assertEqual(x.shape, (2, 64))
        self.assertEqual(x.dtype, np.float32)
        s = 12345 + 1
        s = (1103515245 * s + 12345) % 2**31
        u = s / 2**31 * 2 - 1
        expected = 0.5 * np.sin(0) * 1.0 + 0.05 * u
        self.assertAlmostEqual(float(x[1, 0]), expected, places=6)


class TrimSilenceTest(unittest.TestCase):
    def test_edges_trimmed_speech_kept(self):
        try:
            from prepare import trim_silence
        except ImportError as e:  # torchaudio missing: the recipe cannot run here at all
            self.skipTest(f"prepare.py needs {e.name}")
        tone = 0.3 * np.sin(2 * np.pi * 200 * np.arange(16000) / 16000)
        x = np.concatenate([np.zeros(16000), tone, np.zeros(32000)]).astype(np.float32)
        y = trim_silence(x)
        self.assertLess(len(y), 16000 + 2 * 320 + 1)
        self.assertGreaterEqual(len(y), 16000)


if __name__ == "__main__":
    unittest.main()
