"""Unit tests for the locally trained neural vocoder used as a spoof generator."""
import sys
import unittest
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:
    import torch
    from experiments import neural_vocoder as nv
except ImportError as e:  # torch/torchaudio missing: the recipe cannot run here at all
    raise unittest.SkipTest(f"needs {e.name}")


def tone(seconds, f0=180.0):
    t = np.arange(int(nv.SR * seconds)) / nv.SR
    return (0.3 * np.sin(2 * np.pi * f0 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))).astype(np.float32)


class NeuralVocoderTest(unittest.TestCase):
    def test_upsampling_matches_the_mel_hop(self):
        self.assertEqual(int(np.prod(nv.UPSAMPLE)), nv.HOP)
        mel = nv.LogMel()(torch.zeros(2, 8000))
        self.assertEqual(tuple(mel.shape), (2, nv.N_MELS, 50))
        self.assertEqual(tuple(nv.Vocoder()(mel).shape), (2, 8000))

    def test_stft_loss_is_zero_only_for_the_same_signal(self):
        x = torch.from_numpy(tone(0.5))[None]
        self.assertLess(float(nv.stft_loss(x, x)), 1e-6)
        self.assertGreater(float(nv.stft_loss(0.5 * x, x)), 0.1)

    def test_training_lowers_the_loss_and_resynthesis_keeps_length_and_level(self):
        torch.manual_seed(0)
        clips = [tone(1.0, f) for f in (120.0, 180.0, 240.0)]
        voc, mel = nv.Vocoder(ch=32), nv.LogMel()
        x = torch.from_numpy(np.stack([c[:8000] for c in clips]))
        before = float(nv.stft_loss(voc(mel(x)), x))
        opt = torch.optim.Adam(voc.parameters(), lr=2e-3)
        for _ in range(40):
            loss = nv.stft_loss(voc(mel(x)), x)
            opt.zero_grad()
            loss.backward()
            opt.step()
        self.assertLess(float(loss), 0.8 * before)
        x = clips[0][:12345] * 0.1
        y = nv.resynth(voc.eval(), mel, x)
        self.assertEqual(len(y), 12345 // nv.HOP * nv.HOP)
        self.assertTrue(np.isfinite(y).all())
        peak = np.abs(x).max()  # vocoded at 0.9 full scale, then brought back to the clip's level
        self.assertLessEqual(np.abs(y).max(), peak / 0.9 * 1.0001)


if __name__ == "__main__":
    unittest.main()
