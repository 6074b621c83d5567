"""Data-preparation helpers: local spoof synthesis, codec round trips, the extra local items (run by prepare.py)."""
