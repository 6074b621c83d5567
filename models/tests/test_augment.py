"""Unit tests for the v2 training data changes: pauses and no-speech windows (so silence is
no cue and a quiet line is never called synthetic), SpecAugment masking, and the
harmonic-plus-noise resynthesis used as local spoof."""
import sys
import unittest
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:
    import torch
    from lib import augment
    from arch import frontend
    from dataprep import synth
except ImportError as e:  # torch/torchaudio missing: the recipe cannot run here at all
    raise unittest.SkipTest(f"needs {e.name}")

SR = 16000


def tone(f0, seconds=1.0, harmonics=10):
    t = np.arange(int(SR * seconds)) / SR
    return sum(0.3 / k * np.sin(2 * np.pi * k * f0 * t) for k in range(1, harmonics + 1)).astype(np.float32)


class SilentWindowsTest(unittest.TestCase):
    def test_replaced_windows_are_quiet_and_labelled_bona_fide(self):
        g = torch.Generator().manual_seed(0)
        x = torch.from_numpy(np.tile(tone(150), (200, 1)))
        y = torch.ones(200)
        x2, y2 = augment.silent_windows(x, y, g, 0.25)
        replaced = (x2 != x).any(dim=1)
        self.assertTrue(20 < int(replaced.sum()) < 80)
        self.assertTrue(torch.all(y2[replaced] == 0))
        self.assertTrue(torch.all(y2[~replaced] == 1))
        peak = x2[replaced].abs().amax(dim=1)
        self.assertTrue(torch.all(peak < 0.1), "no-speech windows stay below -20 dBFS peak")
        self.assertTrue(torch.all(y == 1), "inputs are not modified in place")

    def test_p_zero_changes_nothing(self):
        g = torch.Generator().manual_seed(0)
        x = torch.randn(8, 1000)
        y = torch.ones(8)
        x2, y2 = augment.silent_windows(x, y, g, 0.0)
        self.assertTrue(torch.equal(x, x2) and torch.equal(y, y2))


class PauseTest(unittest.TestCase):
    def test_pauses_cut_speech_in_both_classes_alike(self):
        g = torch.Generator().manual_seed(1)
        x = torch.from_numpy(np.tile(tone(150, 2.0), (64, 1)))
        cfg = {k: 0.0 for k in augment.DEFAULT if k.startswith("p_")}
        cfg["p_pause"] = 1.0
        out = augment.augment(x, g, cfg)
        frames = out.reshape(64, -1, 160).abs().amax(dim=2)
        silent = (frames < 1e-6).sum(dim=1)
        self.assertTrue(torch.all(silent >= 14), "each window has at least one >= 150 ms pause")


class NoiseFloorTest(unittest.TestCase):
    def test_floor_fills_pauses_at_the_configured_level(self):
        g = torch.Generator().manual_seed(2)
        x = torch.from_numpy(np.tile(tone(150, 2.0), (32, 1)))
        x[:, 8000:16000] = 0.0  # a digital-silence pause
        cfg = {k: 0.0 for k in augment.DEFAULT if k.startswith("p_")}
        cfg.update(p_floor=1.0, floor_snr=(40.0, 40.0))
        out = augment.augment(x, g, cfg)
        speech = out[:, 16000:].pow(2).mean(dim=1)
        pause = out[:, 8000:16000].pow(2).mean(dim=1)
        self.assertTrue(torch.all(pause > 0), "no digital silence left")
        snr = 10 * torch.log10(speech / pause)
        # set against the crop's mean power (3/4 speech): about 41 dB below the speech; red noise
        # (1/f^2) measured over half a second wanders by a few dB
        self.assertTrue(torch.all((snr > 33) & (snr < 48)), snr)

    def test_no_floor_by_default(self):
        g = torch.Generator().manual_seed(2)
        x = torch.from_numpy(np.tile(tone(150, 1.0), (4, 1)))
        x[:, :4000] = 0.0
        cfg = {k: 0.0 for k in augment.DEFAULT if k.startswith("p_") and k != "p_floor"}
        out = augment.augment(x, g, cfg)
        self.assertTrue(torch.all(out[:, :4000] == 0))

    def test_no_extra_random_draw_without_a_floor(self):
        """Configs written before the floor existed must draw the same random numbers."""
        calls = []
        real = augment._subset

        def counting(x, p, g):
            calls.append(p)
            return real(x, p, g)
        augment._subset = counting
        try:
            x = torch.from_numpy(np.tile(tone(150, 1.0), (4, 1)))
            augment.augment(x, torch.Generator().manual_seed(0), {})
            without = len(calls)
            calls.clear()
            augment.augment(x, torch.Generator().manual_seed(0), {"p_floor": 0.5})
            self.assertEqual(len(calls), without + 1)
        finally:
            augment._subset = real

    def test_unknown_keys_are_refused(self):
        with self.assertRaises(ValueError):
            augment.augment(torch.zeros(1, 1600), torch.Generator().manual_seed(0), {"p_flor": 1.0})


class SpecMaskTest(unittest.TestCase):
    def test_masks_at_most_the_configured_blocks(self):
        torch.manual_seed(0)
        f = torch.randn(16, 60, 200)
        m = frontend.spec_mask(f, 8, 20)
        changed = m != f
        bands = changed.all(dim=2).sum(dim=1)
        frames = changed.all(dim=1).sum(dim=1)
        self.assertTrue(torch.all(bands <= 8) and torch.all(frames <= 20))
        self.assertTrue(int(changed.sum()) > 0)

    def test_channels_share_the_blocks(self):
        torch.manual_seed(1)
        f = torch.randn(8, 2, 60, 100)
        changed = frontend.spec_mask(f, 8, 20) != f
        self.assertEqual(tuple(changed.shape), (8, 2, 60, 100))
        self.assertTrue(torch.equal(changed[:, 0], changed[:, 1]))
        self.assertTrue(int(changed.sum()) > 0)


class HnmResynthTest(unittest.TestCase):
    def test_keeps_pitch_and_level_and_is_finite(self):
        x = tone(150, 1.5)
        y, name = synth.hnm_resynth(x, np.random.default_rng(0))
        self.assertTrue(name.startswith("resynth-hnm-"))
        self.assertEqual(len(y), len(x))
        self.assertTrue(np.all(np.isfinite(y)))
        self.assertAlmostEqual(float(np.abs(y).max()), float(np.abs(x).max()), places=4)
        spec = np.abs(np.fft.rfft(y[4000:20000] * np.hanning(16000)))
        peak_hz = np.argmax(spec[50:1000]) + 50  # 1 Hz bins
        self.assertLess(min(abs(peak_hz - 150 * k) for k in range(1, 7)), 8, f"peak at {peak_hz} Hz")

    def test_differs_from_the_original_waveform(self):
        x = tone(120, 1.0)
        y, _ = synth.hnm_resynth(x, np.random.default_rng(3))
        self.assertGreater(float(np.mean((x - y) ** 2)), 1e-4)


class SpeedTest(unittest.TestCase):
    def test_speed_shifts_pitch_and_keeps_length(self):
        x = torch.from_numpy(tone(200, seconds=2.0, harmonics=1))[None]
        for rate in augment.SPEED_RATES:
            y = augment.speed(x, rate)
            self.assertEqual(tuple(y.shape), tuple(x.shape))
            spec = np.abs(np.fft.rfft(y[0, :SR].numpy()))
            self.assertAlmostEqual(float(np.argmax(spec)), 200 * SR / rate, delta=2.0)

    def test_off_by_default(self):
        x = torch.from_numpy(np.tile(tone(150), (4, 1)))
        a = augment.augment(x, torch.Generator().manual_seed(0))
        b = augment.augment(x, torch.Generator().manual_seed(0), {"p_speed": 0.0})
        self.assertTrue(torch.equal(a, b))


class PhaseStabilityTest(unittest.TestCase):
    def test_steady_partials_near_one_noise_near_zero(self):
        fe = frontend.FrontEnd(n_fft=320, hop=160, n_bands=60, phase=True)
        t = torch.arange(32000) / SR
        steady = 0.3 * torch.sin(2 * np.pi * 1000 * t) + 0.2 * torch.sin(2 * np.pi * 2500 * t)
        noise = torch.randn(32000, generator=torch.Generator().manual_seed(0)) * 0.1
        f = fe(torch.stack([steady, noise]))
        self.assertEqual(tuple(f.shape[:3]), (2, 2, 60))
        band = int(1000 / 8000 * 61)  # band around 1 kHz
        self.assertGreater(float(f[0, 1, band - 1:band + 2].mean()), 0.9)
        self.assertLess(abs(float(f[1, 1].mean())), 0.15)
        self.assertTrue(torch.all(f[:, 1].abs() <= 1.0 + 1e-4))


class RawBoostTest(unittest.TestCase):
    def test_perturbs_each_row_differently_and_keeps_peak_level(self):
        x = torch.from_numpy(np.tile(tone(150), (8, 1)))
        y = augment.rawboost(x, torch.Generator().manual_seed(0))
        self.assertEqual(y.shape, x.shape)
        self.assertTrue(torch.allclose(y.abs().amax(dim=1), x.abs().amax(dim=1), atol=1e-4))
        self.assertTrue(torch.all((y - x).pow(2).mean(dim=1) > 1e-5), "every row is changed")
        self.assertFalse(torch.allclose(y[0], y[1]), "filters are drawn per row")
        self.assertTrue(torch.all(torch.isfinite(y)))

    def test_off_by_default_without_draws(self):
        x = torch.from_numpy(np.tile(tone(150), (4, 1)))
        a = augment.augment(x, torch.Generator().manual_seed(0))
        b = augment.augment(x, torch.Generator().manual_seed(0), {"p_rawboost": 0.0})
        self.assertTrue(torch.equal(a, b))
        c = augment.augment(x, torch.Generator().manual_seed(0), {"p_rawboost": 1.0})
        self.assertFalse(torch.equal(a, c))


if __name__ == "__main__":
    unittest.main()
