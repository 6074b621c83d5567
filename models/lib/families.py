"""Generator families for the leave-family-out report (issue 18). families.csv maps every
spoof `system` of the corpus manifest to one family; locally made items (vocoder
resyntheses by Griffin-Lim / phase vocoder / LPC / harmonic-plus-noise, espeak-ng, flite,
festival) are signal-processing or diphone/HTS synthesis: concat_parametric."""
import csv

from lib.common import ROOT

FAMILIES = {
    "concat_parametric": "concatenative / statistical-parametric / signal-processing vocoders (Griffin-Lim, WORLD, LPC, diphone, HTS)",
    "neural_vocoder": "acoustic model + GAN / flow / autoregressive neural vocoder TTS (Tacotron, FastSpeech, VITS, ...) and neural-vocoder resyntheses",
    "diffusion_flow_matching": "diffusion and flow-matching TTS (Grad-TTS, Matcha, Voicebox, E2/E3/F5-style, DiTTo, ZipVoice, NaturalSpeech 2/3, ...)",
    "codec_lm": "language-model TTS over discrete codec or speech tokens (VALL-E, Tortoise, Seed-TTS AR, CosyVoice2, IndexTTS, Spark-TTS, MaskGCT, ...)",
    "voice_conversion": "voice conversion (AutoVC, FreeVC, kNN-VC, so-vits-svc, Seed-VC, MaskGCT-VC, ...)",
    "codec_resynthesis": "speech resynthesised through a neural codec (EnCodec, DAC, SpeechTokenizer, WavTokenizer, XCodec2, ...)",
}
PATH = ROOT / "families.csv"


def system_families(path=PATH):
    with open(path) as f:
        return {r["system"]: r["family"] for r in csv.DictReader(f)}


def family_of(item, table=None):
    """Family of a spoof item (corpus or local); None for bona fide."""
    if item["label"] == 0:
        return None
    if item.get("origin", "corpus") != "corpus":
        return "concat_parametric"
    table = table if table is not None else system_families()
    return table[item["system"]]
