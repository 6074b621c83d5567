"""Codec round trips with ffmpeg, run on ~60 s concatenations of clips (one ffmpeg pair
per chunk instead of per clip), then re-aligned by cross-correlation and cut back."""
import os
import subprocess
import tempfile

import numpy as np

SR = 16000
# (name, intermediate sample rate or None, ffmpeg codec args, container extension)
CHOICES = [
    ("opus{b}k", None, ["-c:a", "libopus", "-b:a", "{b}k"], "ogg", [12, 16, 24, 32, 48, 64]),
    ("opus{b}k-voip", None, ["-c:a", "libopus", "-application", "voip", "-b:a", "{b}k"], "ogg", [12, 16, 24]),
    ("mp3-{b}k", None, ["-c:a", "libmp3lame", "-b:a", "{b}k"], "mp3", [32, 48, 64, 96]),
    ("mp3-44k-{b}k", 44100, ["-c:a", "libmp3lame", "-b:a", "{b}k"], "mp3", [64, 128]),
    ("aac-{b}k", None, ["-c:a", "aac", "-b:a", "{b}k"], "m4a", [24, 32, 48]),
    ("aac-48k-{b}k", 48000, ["-c:a", "aac", "-b:a", "{b}k"], "m4a", [64, 96]),
    ("g711u-8k", 8000, ["-c:a", "pcm_mulaw"], "wav", [0]),
    ("gsm-8k", 8000, ["-c:a", "libgsm"], "gsm", [0]),
    ("g722", None, ["-c:a", "g722"], "g722", [0]),
    ("resample-22k-24k", 22050, ["-af", "aresample=24000", "-c:a", "pcm_s16le"], "wav", [0]),
]
# Call-like chains (issue 18): what a VoIP or phone call really applies. Low-rate Opus in
# VoIP mode with the encoder told to expect packet loss (in-band FEC on), Speex wideband,
# G.726 ADPCM at 8 kHz. No AMR-WB encoder in Debian's ffmpeg; real packet loss is
# approximated by augment.py's dropouts.
CALL_CHOICES = [
    ("opus{b}k-call", None, ["-c:a", "libopus", "-application", "voip", "-b:a", "{b}k",
                             "-packet_loss", "10", "-fec", "1"], "ogg", [6, 8, 10, 12, 16, 24, 32]),
    ("speex-q{b}", None, ["-c:a", "libspeex", "-q:a", "{b}"], "ogg", [3, 5, 8]),
    ("g726-8k-{b}k", 8000, ["-c:a", "g726", "-b:a", "{b}k"], "wav", [16, 24, 32]),
]
OPUS16 = ("opus16k", None, ["-c:a", "libopus", "-b:a", "16k"], "ogg", [16])


def roundtrip(x, choice, b):
    name, mid_sr, args, ext, _ = choice
    args = [a.format(b=b) for a in args]
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as td:
        enc = os.path.join(td, "x." + ext)
        cmd = ["ffmpeg", "-v", "error", "-y", "-f", "f32le", "-ar", str(SR), "-ac", "1", "-i", "pipe:0"]
        if mid_sr:
            cmd += ["-ar", str(mid_sr)]
        subprocess.run(cmd + args + [enc], input=x.astype(np.float32).tobytes(), check=True,
                       capture_output=True)
        dec = subprocess.run(["ffmpeg", "-v", "error", "-i", enc, "-f", "f32le", "-ar", str(SR),
                              "-ac", "1", "pipe:1"], check=True, capture_output=True).stdout
    y = np.frombuffer(dec, dtype=np.float32)
    return align(x, y), name.format(b=b)


def align(x, y, max_lag=4000):
    """Shift y so it lines up with x (codec delay), cut/pad to len(x)."""
    n = min(len(x), len(y), 8 * SR)
    a, c = x[:n].astype(np.float64), y[:n + max_lag].astype(np.float64)
    size = 1 << int(np.ceil(np.log2(len(a) + len(c))))
    corr = np.fft.irfft(np.fft.rfft(c, size) * np.conj(np.fft.rfft(a, size)), size)
    lags = np.concatenate([corr[:max_lag], corr[-max_lag:]])
    idx = int(np.argmax(lags))
    lag = idx if idx < max_lag else idx - 2 * max_lag
    out = np.zeros(len(x), np.float32)
    if lag >= 0:
        seg = y[lag:lag + len(x)]
        out[:len(seg)] = seg
    else:
        seg = y[:len(x) + lag]
        out[-lag:-lag + len(seg)] = seg
    return out


def random_roundtrip(x, seed, call=False):
    """One random round trip; call=True draws half the time from the call-like chains and
    then, 30 % of the time, sends the result through a second call codec (recording or
    platform codec, then the call leg)."""
    rng = np.random.default_rng(seed)
    pool = CHOICES + CALL_CHOICES * (len(CHOICES) // len(CALL_CHOICES)) if call else CHOICES
    choice = pool[int(rng.integers(len(pool)))]
    y, name = roundtrip(x, choice, int(rng.choice(choice[4])))
    if call and rng.random() < 0.3:
        second = CALL_CHOICES[int(rng.integers(len(CALL_CHOICES)))]
        y, name2 = roundtrip(y, second, int(rng.choice(second[4])))
        name = f"{name}+{name2}"
    return y, name
