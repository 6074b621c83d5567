"""Paired bootstrap over sources of an EER difference on the same held-out clips, from the
per-clip pairs that tools/compare_folds.py writes (<run>/compare-<base>-rows.json): sources are
resampled with replacement (clips of one source are not independent), both sides' EER computed
on each resample.

  /usr/bin/python3 models/tools/paired_bootstrap.py models/runs/lite-v11/compare-lite-long30-rows.json [--sources new]
  /usr/bin/python3 models/tools/paired_bootstrap.py A-rows.json --other B-rows.json   # run of A vs run of B (same clips)
prints EER of each side, the difference (first − second) and its 95 % interval."""
import sys  # noqa: E402
from pathlib import Path as _Path
sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))  # models/, when run as a script
import argparse

import numpy as np

from lib.common import ROOT, load_json
from lib.metrics import eer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rows")
    ap.add_argument("--other", help="a second rows file: compare its 'clean' (run) scores instead of 'base'")
    ap.add_argument("--sources", choices=("all", "new", "old"), default="all",
                    help="new: only the sources release 2026.11.30-9 never saw; old: only those it saw")
    ap.add_argument("--n", type=int, default=1000)
    a = ap.parse_args()
    rows = load_json(a.rows)
    if a.other:
        other = {r["item"]: r["clean"] for r in load_json(a.other)}
        rows = [dict(r, base=other[r["item"]]) for r in rows if r["item"] in other]
    if a.sources != "all":
        seen = {line.split("\t")[0] for line in open(ROOT / "metrics" / "sources-seen-by-2026.11.30-9.txt") if line.strip()}
        rows = [r for r in rows if (r["source"] in seen) == (a.sources == "old")]
    src = np.array([r["source"] for r in rows])
    y = np.array([r["label"] for r in rows])
    s1, s2 = np.array([r["clean"] for r in rows]), np.array([r["base"] for r in rows])
    names = np.unique(src)
    where = {s: np.nonzero(src == s)[0] for s in names}
    rng = np.random.default_rng(0)
    diffs = []
    for _ in range(a.n):
        idx = np.concatenate([where[s] for s in rng.choice(names, len(names))])
        if len(set(y[idx])) < 2:
            continue
        diffs.append(eer(s1[idx], y[idx]) - eer(s2[idx], y[idx]))
    lo, hi = np.percentile(diffs, [2.5, 97.5])
    print(f"{len(rows)} clips, {len(names)} sources: EER {100 * eer(s1, y):.1f} % vs {100 * eer(s2, y):.1f} %; "
          f"difference {100 * (eer(s1, y) - eer(s2, y)):+.1f} points, 95 % interval [{100 * lo:+.1f}, {100 * hi:+.1f}]; "
          f"first side better in {100 * np.mean(np.array(diffs) < 0):.0f} % of {len(diffs)} resamples")


if __name__ == "__main__":
    main()
