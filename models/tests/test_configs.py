"""Every experiment config in models/configs builds its network, and the network maps a
batch of windows to one logit each in training and in eval mode; configs whose model keeps
the network's frame rate (a 5 ms front-end hop with a time-strided stem) reach the temporal
layers with the same number of frames as the 10 ms default."""
import json
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:
    import torch
    from train import build
    from lib import config
except ImportError as e:  # torch missing: the recipe cannot run here at all
    raise unittest.SkipTest(f"needs {e.name}")

CONFIGS = sorted((Path(__file__).resolve().parent.parent / "configs").rglob("*.json"))
EXPERIMENTS = Path(__file__).resolve().parent.parent / "configs" / "experiments"


class ConfigTest(unittest.TestCase):
    def test_every_config_builds_and_scores(self):
        torch.manual_seed(0)
        for path in CONFIGS:
            cfg = json.loads(path.read_text())
            if "frontend" not in cfg:  # ensemble specs (large-v3 on) list member runs, not one network
                continue
            with self.subTest(config=path.name):
                model = build(cfg)
                x = 0.1 * torch.randn(2, cfg.get("train_window", cfg["window"]))
                model.train()
                if getattr(model, "mix", None) is not None:  # class-conditional MixStyle: batch labels
                    model.mix.groups = torch.tensor([0.0, 1.0])
                self.assertEqual(tuple(model(x).shape), (2,))
                model.eval()
                with torch.no_grad():
                    self.assertTrue(bool(torch.isfinite(model(x)).all()))

    def test_every_config_passes_the_schema(self):
        for path in CONFIGS:
            with self.subTest(config=path.name):
                config.load(path)

    def test_unknown_keys_are_refused(self):
        cfg = json.loads((CONFIGS[0].parent.parent / "lite-long30.json").read_text())
        for bad in (dict(cfg, learning_rate=0.1), dict(cfg, model=dict(cfg["model"], widht=8)),
                    dict(cfg, augment={"p_nosie": 0.5}), dict(cfg, frontend=dict(cfg["frontend"], nfft=9))):
            with self.assertRaises(ValueError):
                config.validate(bad)

    def test_shipped_names_exist(self):
        root = Path(__file__).resolve().parent.parent
        for name in ("lite", "large"):
            side = json.loads((root / f"{name}.json").read_text())
            self.assertTrue((root.parent / side["training"]["config"]).exists(), side["training"]["config"])
            # The config is named for its run (its "name"), not for the model it shipped as.
            cfg = json.loads((root.parent / side["training"]["config"]).read_text())
            self.assertEqual(side["training"]["config"], f"models/configs/{cfg['name']}.json")

    def test_time_strided_stem_keeps_the_frame_rate(self):
        base = json.loads((EXPERIMENTS / "lite-free-wide.json").read_text())
        fast = json.loads((EXPERIMENTS / "lite-hop5.json").read_text())
        x = 0.1 * torch.randn(1, 32000)
        frames = []
        for cfg in (base, fast):
            model = build(cfg).eval()
            with torch.no_grad():
                frames.append((model.frontend(x).shape[-1], model.stem(model.frontend(x)).shape[-1]))
        self.assertEqual(frames[1][0], 2 * frames[0][0] - 1)  # twice the front-end frames
        self.assertEqual(frames[1][1], frames[0][1])  # same frames after the stem


if __name__ == "__main__":
    unittest.main()
