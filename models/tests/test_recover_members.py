"""Unit test for member recovery: an ensemble exported to ONNX (BatchNorm folded into the
convolutions) is rebuilt member by member into PyTorch models that compute the same
logits, for a plain member and for a sub-window member with the fine spectrum branch."""
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:
    import onnx  # noqa: F401
    import torch
    from tools import recover_members
    from export import Ensemble, SubWindows
except ImportError as e:  # torch/onnx missing: the recipe cannot run here at all
    raise unittest.SkipTest(f"needs {e.name}")

W = 8000
FE = dict(n_fft=320, hop=160, n_bands=24, scale="linear", phase=True)


def config(window, fine=None):
    model = dict(channels=[4, 6, 8], width=16)
    if fine:
        model["fine"] = fine
    return dict(arch="lite", frontend=FE, model=model, window=window, hop=window // 2)


def randomised(cfg):
    torch.manual_seed(len(str(cfg)))
    m = recover_members.build(cfg)
    with torch.no_grad():
        for mod in m.modules():
            if isinstance(mod, torch.nn.modules.batchnorm._BatchNorm):
                mod.running_mean.uniform_(-0.5, 0.5)
                mod.running_var.uniform_(0.5, 2.0)
                mod.weight.uniform_(0.5, 1.5)
                mod.bias.uniform_(-0.3, 0.3)
    return m.eval()


class RecoverMembersTest(unittest.TestCase):
    def test_scope_paths(self):
        self.assertEqual(recover_members.scope_path("/members.3/model/stem/stem.1/stem.1.0/Conv"),
                         "members.3.model.stem.1.0")
        self.assertEqual(recover_members.scope_path("/members.0/model/fine/net/net.3/Conv"),
                         "members.0.model.fine.net.3")

    def test_rebuilt_members_compute_the_exported_logits(self):
        plain_cfg = config(W)
        fine_cfg = config(W // 2, fine=dict(n_fft=256, hop=256, smooth=5, channels=[4, 4]))
        plain, fine = randomised(plain_cfg), randomised(fine_cfg)
        ens = Ensemble([plain, SubWindows(fine, W // 2, W // 4, W)]).eval()
        with tempfile.TemporaryDirectory() as td:
            path = Path(td) / "ens.onnx"
            torch.onnx.export(ens, torch.zeros(2, W), str(path), opset_version=17, input_names=["waveform"],
                              output_names=["logit"], dynamic_axes={"waveform": {0: "batch"}}, do_constant_folding=True)
            init, convs = recover_members.onnx_tensors(path)
        got_plain = recover_members.rebuild(plain_cfg, "members.0", init, convs)
        got_fine = recover_members.rebuild(fine_cfg, "members.1.model", init, convs)
        x = torch.randn(3, W) * 0.1
        with torch.no_grad():
            self.assertLess(float((got_plain(x) - plain(x)).abs().max()), 1e-4)
            self.assertLess(float((got_fine(x[:, :W // 2]) - fine(x[:, :W // 2])).abs().max()), 1e-4)
            before = got_fine(x[:, :W // 2])
            recover_members.restore_bn_statistics(got_fine, [torch.randn(4, W // 2) * 0.1 for _ in range(3)])
            self.assertLess(float((got_fine(x[:, :W // 2]) - before).abs().max()), 1e-4)
            bn = got_fine.stem[0][1]
            self.assertFalse(torch.allclose(bn.running_var, torch.ones_like(bn.running_var)))


if __name__ == "__main__":
    unittest.main()
