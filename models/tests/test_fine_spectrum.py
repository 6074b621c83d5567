"""Unit tests for the long-term fine spectrum branch: a weak stationary tone stands out
of the whitened spectrum, a smooth spectral tilt (channel, speaker envelope) does not,
and the branch plugs into LiteNet without changing the plain model's parameters."""
import sys
import unittest
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:
    import torch
    from arch import fine_spectrum
    from arch import frontend
    from arch import lite
except ImportError as e:  # torch/torchaudio missing: the recipe cannot run here at all
    raise unittest.SkipTest(f"needs {e.name}")

SR, N = 16000, 32000


def residual(x):
    fs = fine_spectrum.FineSpectrum(n_fft=1024, hop=1024, smooth=9, lo_bin=4).eval()
    with torch.no_grad():
        return fs.residual(frontend.FrontEnd.normalise(torch.from_numpy(x.astype(np.float32))[None]))[0, 0].numpy()


class FineSpectrumTest(unittest.TestCase):
    def setUp(self):
        self.noise = np.random.default_rng(0).standard_normal(N) * 0.1

    def test_weak_tone_in_noise_stands_out_at_its_bin(self):
        f = 5512.5  # an upsampling line of a 22.05 kHz vocoder (sr / 4)
        t = np.arange(N) / SR
        r = residual(self.noise + 0.02 * np.sin(2 * np.pi * f * t))  # tone 20 dB under the noise
        bin_ = round(f / SR * 1024) - 4
        self.assertEqual(int(np.argmax(r)), bin_)
        self.assertGreater(r[bin_], 1.2)
        self.assertLess(float(np.abs(residual(self.noise)).max()), 1.0)

    def test_smooth_tilt_leaves_no_lines(self):
        tilted = np.convolve(self.noise, [1.0, 0.9], mode="same")  # first-order colouring: a smooth envelope
        r = residual(tilted)
        self.assertLess(float(np.abs(r[8:-8]).max()), 1.0)
        self.assertLess(abs(float(r[8:-8].mean())), 0.1)

    def test_lite_with_and_without_the_branch(self):
        fe = dict(n_fft=320, hop=160, n_bands=60, scale="linear", phase=True)
        plain = lite.LiteNet(fe, channels=(12, 24, 32), width=112)
        fine = lite.LiteNet(fe, channels=(12, 24, 32), width=112, fine=dict(channels=(8, 16)))
        self.assertFalse(any(k.startswith("fine.") for k in plain.state_dict()))
        self.assertEqual(fine.head.in_features, plain.head.in_features + 32)
        x = torch.randn(3, N) * 0.1
        self.assertEqual(tuple(fine.eval()(x).shape), (3,))


if __name__ == "__main__":
    unittest.main()
