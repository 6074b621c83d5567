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


class SplitFamilyTest(unittest.TestCase):
    def test_held_families_and_source_fold_never_train(self):
        from lib.data import source_folds, split_family
        table = {"vall-e": "codec_lm", "hifigan": "neural_vocoder"}
        items = []
        for s in range(8):  # 8 sources, each: bona fide, a codec-LM clip, a vocoder clip, a local resynthesis
            src = f"src{s}"
            items += [dict(origin="corpus", label=0, system="bonafide-x", source=src, length=100 + s),
                      dict(origin="corpus", label=1, system="vall-e", source=src, length=100),
                      dict(origin="corpus", label=1, system="hifigan", source=src, length=100),
                      dict(origin="resynth", label=1, system="resynth-gl", source=src, length=100)]
        items.append(dict(origin="tts", label=1, system="flite-slt", source="local/flite", length=100))
        folds = source_folds(items, 4)
        tr, te = split_family(items, {"codec_lm", "concat_parametric"}, 1, 4, table=table)
        train, test = [items[i] for i in tr], [items[i] for i in te]
        self.assertFalse(any(it["system"] in ("vall-e", "resynth-gl", "flite-slt") for it in train))
        self.assertFalse(any(folds[it["source"]] == 1 for it in train if it["source"] in folds))
        self.assertTrue(all(it["origin"] == "corpus" for it in test))
        self.assertEqual({it["system"] for it in test if it["label"] == 1}, {"vall-e"})
        self.assertEqual(sum(it["label"] == 1 for it in test), 8)  # held family from every source
        self.assertTrue(all(folds[it["source"]] == 1 for it in test if it["label"] == 0))
        self.assertGreater(sum(it["label"] == 0 for it in test), 0)
        self.assertTrue(any(it["system"] == "hifigan" for it in train))


if __name__ == "__main__":
    unittest.main()
