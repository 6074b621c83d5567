"""Shared recipe library: paths, data sampling and crops, augmentation, metrics, parity input, weight averaging, the config schema."""
