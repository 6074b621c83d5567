"""Diagnostics and maintenance scripts: model-card refresh, ensemble member recovery, probes, baselines."""
