"""The experiment config schema: every key a config may hold, what it means, and its default.
A config with a key not listed here (top level, frontend, model or augment) is refused, so a
typo never silently falls back to a default.

  from lib import config
  cfg = config.load("models/configs/lite-long30.json")   # validated dict
  config.find("lite-long30")                       # config whose "name" is a run name
"""
import inspect
import json
from pathlib import Path

from lib.common import ROOT

CONFIGS = ROOT / "configs"

# key: (default, meaning). None = required or absent unless set.
TOP = {
    "name": (None, "run name: runs/<name>/"),
    "arch": (None, "architecture module in arch/: lite | large"),
    "comment": ("", "free text: what the experiment asks"),
    "ship_as": (None, "export-only config: shipped name of an ensemble of runs' members"),
    "finetune_config": (None, "export-only config: member config that finetune.py starts from"),
    "frontend": ({}, "arch.frontend.FrontEnd arguments"),
    "model": ({}, "architecture arguments (arch/<arch>.py)"),
    "augment": (None, "lib.augment.DEFAULT overrides (channel augmentation probabilities/ranges)"),
    "window": (32000, "samples per scored window"),
    "hop": (16000, "hop between scored windows"),
    "train_window": (32000, "samples per training crop"),
    "batch": (32, "crops per batch (half bona fide, half spoof)"),
    "lr": (0.002, "peak AdamW learning rate (warm-up 3 %, cosine)"),
    "weight_decay": (0.001, "AdamW weight decay"),
    "minutes": (None, "training time budget per fold model"),
    "max_steps": (None, "step cap per fold model (whichever ends first)"),
    "final_minutes": (None, "time budget of the final model (default: minutes)"),
    "final": ("retrain", "retrain: train a final model on all data; ensemble: none"),
    "folds": (4, "leave-source-out folds"),
    "fold_seed": (0, "seed of the source-to-fold assignment"),
    "seed": (0, "training seed (fold k adds 1000 * (k + 1))"),
    "eval_max_windows": (6, "windows scored per held-out clip"),
    "conditions": (None, "evaluation channel conditions (default lib.data.CONDITIONS)"),
    "fold_base": (None, "'source<TAB>fold' file (repo-relative) whose folds are kept; other sources fill in (lib.data.source_folds)"),
    "init": (None, "warm start: checkpoint path with {member} (fold<k> | final), e.g. models/runs/lite-long30/{member}/model.pt"),
    "warmup": (0.03, "share of training spent warming the learning rate up"),
    "trace": (0, "held-out clips: also keep the logits of the first N consecutive windows (evidence over time)"),
    "family_folds": (None, "leave-family-out folds: list of [families held out]; see families.csv"),
    "exclude_systems": ([], "system-name prefixes left out of training"),
    "local_share": (None, "share of spoof draws from local items (resyntheses, local TTS)"),
    "source_balance": (0.5, "clip weight = clips of its source ** -source_balance"),
    "family_balance": (0.0, "corpus spoof draws: family share W_f -> W_f ** (1 - family_balance); 1 = families equally likely (lib.data.balance_families)"),
    "variant_p": (None, "shares of clean / codec_a / codec_b crops (default lib.data.VARIANT_P)"),
    "swa_start": (None, "uniform weight averaging from this fraction of training"),
    "score_last": (True, "with swa_start: also score the last (not averaged) weights, scores_last.json"),
    "swa_bn_batches": (40, "batches for BatchNorm re-estimation after averaging"),
    "pairs": (0, "experiment: bona fide / spoof-twin pairs per batch"),
    "hard_spoof": (0, "experiment: spliced partial resyntheses per batch"),
    "source_adv": (0, "experiment: weight of the source-adversarial loss"),
    "margin": (None, "experiment: OC-softmax-style logit margin"),
}


def _arg_names(fn):
    return {p for p in inspect.signature(fn).parameters if p != "self"}


def allowed_nested(arch):
    """Allowed keys of the frontend, model and augment sections for one architecture."""
    from arch.frontend import FrontEnd
    from lib.augment import DEFAULT
    if arch == "lite":
        from arch.lite import LiteNet as Net
    elif arch == "large":
        from arch.large import LargeNet as Net
    else:
        raise ValueError(f"unknown arch {arch!r} (lite | large)")
    return {"frontend": _arg_names(FrontEnd.__init__) - {"sr"},
            "model": _arg_names(Net.__init__) - {"frontend"},
            "augment": set(DEFAULT)}


def validate(cfg, where="config"):
    unknown = sorted(set(cfg) - set(TOP))
    if unknown:
        raise ValueError(f"{where}: unknown keys {unknown} (lib/config.py lists every key)")
    for key in ("name", "arch"):
        if key not in cfg:
            raise ValueError(f"{where}: missing {key!r}")
    nested = allowed_nested(cfg["arch"])
    for section, keys in nested.items():
        bad = sorted(set(cfg.get(section) or {}) - keys)
        if bad:
            raise ValueError(f"{where}: unknown {section} keys {bad}")
    if "ship_as" not in cfg:
        for key in ("minutes", "max_steps"):
            if key not in cfg:
                raise ValueError(f"{where}: a training config needs {key!r}")
    return cfg


def load(path):
    path = Path(path)
    with open(path) as f:
        return validate(json.load(f), str(path))


def all_paths():
    return sorted(CONFIGS.rglob("*.json"))


def find(run_name):
    """Path of the config whose "name" is run_name (configs/ and configs/experiments/)."""
    for p in all_paths():
        with open(p) as f:
            if json.load(f).get("name") == run_name:
                return p
    raise FileNotFoundError(f"no config named {run_name!r} under {CONFIGS}")
