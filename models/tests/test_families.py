"""Every spoof system of the corpus manifest has a generator family (leave-family-out
folds and the per-family card tables depend on it); families.csv names only known families."""
import csv
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lib.common import CORPUS  # noqa: E402
from lib.families import FAMILIES, family_of, system_families  # noqa: E402


class FamiliesTest(unittest.TestCase):
    def test_table_names_known_families(self):
        table = system_families()
        self.assertGreater(len(table), 0)
        self.assertEqual(set(table.values()) - set(FAMILIES), set())

    def test_local_items_and_bona_fide(self):
        self.assertIsNone(family_of(dict(label=0, system="bonafide-x")))
        self.assertEqual(family_of(dict(label=1, origin="tts", system="flite-slt")), "concat_parametric")

    def test_every_manifest_system_has_a_family(self):
        manifest = CORPUS / "manifest.csv"
        if not manifest.exists():
            self.skipTest(f"no corpus at {CORPUS}")
        with open(manifest) as f:
            systems = {r["system"] for r in csv.DictReader(f) if r["label"] == "spoof"}
        missing = sorted(systems - set(system_families()))
        self.assertEqual(missing, [], f"add these systems to models/families.csv: {missing}")


if __name__ == "__main__":
    unittest.main()
