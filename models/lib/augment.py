"""On-the-fly channel augmentation in torch, applied identically to both classes so that
channel quality is no cue: resampling chains, telephone band + G.711 mu-law, band limits,
synthetic room reverb, coloured noise at 0-30 dB SNR, a faint noise floor, gain, clipping, short dropouts.
Codec round trips (Opus/MP3/AAC/GSM/G.722) are precomputed by prepare.py."""
import torch
import torchaudio.functional as AF

SR = 16000
SPEED_RATES = (14400, 15200, 16800, 17600)  # 16 kHz resampled to these and played at 16 kHz: x1.11 .. x0.91 speed
DEFAULT = dict(p_speed=0.0, p_pause=0.3, p_silent=0.04, p_resample=0.15, p_tel=0.15, p_lowpass=0.15, p_reverb=0.3, p_noise=0.6,
               snr=(0.0, 30.0), p_clip=0.1, p_dropout=0.1, p_floor=0.0, floor_snr=(30.0, 60.0), p_rawboost=0.0)


def _subset(x, p, g):
    return torch.nonzero(torch.rand(x.shape[0], generator=g) < p).squeeze(1)


def _zero_segments(x, idx, g, max_count, min_len, max_len):
    """In place: rows idx get 1..max_count-1 zeroed runs of min_len..max_len-1 samples."""
    for i in idx.tolist():
        for _ in range(int(torch.randint(1, max_count, (1,), generator=g))):
            ln = int(torch.randint(min_len, max_len, (1,), generator=g))
            s = int(torch.randint(0, max(x.shape[1] - ln, 1), (1,), generator=g))
            x[i, s:s + ln] = 0.0


def telephone(x):
    """16 kHz -> 8 kHz, G.711 mu-law 8 bit, -> 16 kHz (x: (B, N))."""
    y = AF.resample(x, SR, 8000)
    y = AF.mu_law_decoding(AF.mu_law_encoding(y.clamp(-1, 1), 256), 256)
    return AF.resample(y, 8000, SR)[:, :x.shape[1]]


def coloured_noise(shape, alpha, g):
    """Noise with 1/f^alpha power spectrum; alpha: (B,) in [0, 2]."""
    w = torch.randn(shape, generator=g)
    spec = torch.fft.rfft(w)
    f = torch.arange(spec.shape[1]).clamp(min=1).float()[None]
    spec = spec / f ** (alpha[:, None] / 2)
    n = torch.fft.irfft(spec, n=shape[1])
    return n / (n.std(dim=1, keepdim=True) + 1e-8)


def add_noise(x, snr_db, alpha, g):
    n = coloured_noise(x.shape, alpha, g)
    p = x.pow(2).mean(dim=1, keepdim=True) + 1e-8
    return x + n * torch.sqrt(p / 10 ** (snr_db[:, None] / 10))


def _noise_in_range(x, snr_range, g):
    """Coloured noise (1/f^0..2) at an SNR drawn per row from snr_range (dB)."""
    lo, hi = snr_range
    snr = lo + (hi - lo) * torch.rand(x.shape[0], generator=g)
    return add_noise(x, snr, 2 * torch.rand(x.shape[0], generator=g), g)


def reverb(x, g):
    b, n = x.shape
    rt60 = 0.15 + 0.75 * torch.rand(b, 1, generator=g)
    L = int(0.6 * SR)
    t = torch.arange(L).float()[None] / SR
    rir = torch.randn(b, L, generator=g) * torch.exp(-6.9 * t / rt60)
    rir[:, 0] = 1.0 + 2.0 * torch.rand(b, generator=g)  # direct path
    size = 1 << (n + L - 1).bit_length()
    y = torch.fft.irfft(torch.fft.rfft(x, size) * torch.fft.rfft(rir, size), size)[:, :n]
    return y * (x.std(dim=1, keepdim=True) / (y.std(dim=1, keepdim=True) + 1e-8))


def lowpass(x, g):
    cut = 3400 + 4000 * torch.rand(x.shape[0], 1, generator=g)
    spec = torch.fft.rfft(x)
    f = torch.linspace(0, SR / 2, spec.shape[1])[None]
    return torch.fft.irfft(spec * torch.sigmoid((cut - f) / 150), n=x.shape[1])


def speed(x, rate):
    """Resample 16 kHz audio to `rate` and read it back as 16 kHz (speed x16000/rate); same
    length as x (longer output cropped, shorter output continued from its start)."""
    y = AF.resample(x, SR, rate)
    while y.shape[1] < x.shape[1]:
        y = torch.cat([y, y], dim=1)
    return y[:, :x.shape[1]]


def _notch_response(n_bins, g, max_notches=5):
    """A random multi-band-stop magnitude response over n_bins rfft bins (0..8 kHz): 1..4
    Gaussian notches, 100-1000 Hz wide, 20-100 % deep."""
    f = torch.linspace(0, SR / 2, n_bins)
    h = torch.ones(n_bins)
    for _ in range(int(torch.randint(1, max_notches, (1,), generator=g))):
        fc = 20 + (SR / 2 - 40) * float(torch.rand(1, generator=g))
        bw = 100 + 900 * float(torch.rand(1, generator=g))
        depth = 0.2 + 0.8 * float(torch.rand(1, generator=g))
        h = h * (1 - depth * torch.exp(-((f - fc) / bw) ** 2))
    return h


def rawboost(x, g):
    """RawBoost-style waveform perturbation (Tak et al., ICASSP 2022), per row: (1) linear and
    non-linear convolutive noise: sum over j = 1..3 of g_j * (h_j * x) ** j with random
    multi-band-stop filters h_j and g_1 = 1, g_2, g_3 at -30..-10 dB; (2) impulsive
    signal-dependent noise: 0-10 % of the samples scaled by 1 + u, u in [-1, 1]. The peak level
    is restored. Both classes alike: device and channel non-linearities are no cue. x: (B, N)."""
    b, n = x.shape
    spec = torch.fft.rfft(x)
    y = torch.zeros_like(x)
    for j in (1, 2, 3):
        h = torch.stack([_notch_response(spec.shape[1], g) for _ in range(b)])
        t = torch.fft.irfft(spec * h, n=n)
        if j > 1:
            t = t / (t.abs().amax(dim=1, keepdim=True) + 1e-8)
            t = t ** j * 10 ** (-(10 + 20 * torch.rand(b, 1, generator=g)) / 20) * x.abs().amax(dim=1, keepdim=True)
        y = y + t
    share = 0.1 * torch.rand(b, 1, generator=g)
    hit = torch.rand(b, n, generator=g) < share
    y = torch.where(hit, y * (1 + (2 * torch.rand(b, n, generator=g) - 1)), y)
    return y * (x.abs().amax(dim=1, keepdim=True) / (y.abs().amax(dim=1, keepdim=True) + 1e-8))


def augment(x, g, cfg=None):
    """x: (B, N) float waveforms in [-1, 1]; returns augmented copy of same shape."""
    unknown = set(cfg or {}) - set(DEFAULT)
    if unknown:
        raise ValueError(f"unknown augment keys {sorted(unknown)}")
    c = dict(DEFAULT, **(cfg or {}))
    x = x.clone()
    idx = _subset(x, c["p_speed"], g) if c["p_speed"] else []  # (no draw at 0: older runs stay reproducible)
    if len(idx):  # speed perturbation (tempo and pitch together, no vocoder): new voices for both classes
        x[idx] = speed(x[idx], SPEED_RATES[int(torch.randint(len(SPEED_RATES), (1,), generator=g))])
    # pauses inside speech (turn-taking, DTX): 1-2 gaps of 150-700 ms, before the channel
    _zero_segments(x, _subset(x, c["p_pause"], g), g, 3, 2400, 11200)
    idx = _subset(x, c["p_rawboost"], g) if c["p_rawboost"] else []  # (no draw at 0: older runs stay reproducible)
    if len(idx):
        x[idx] = rawboost(x[idx], g)
    idx = _subset(x, c["p_resample"], g)
    if len(idx):
        sr = [24000, 48000, 12000, 8000][int(torch.randint(4, (1,), generator=g))]  # 22.05/44.1 kHz chains: ffmpeg variants
        x[idx] = AF.resample(AF.resample(x[idx], SR, sr), sr, SR)[:, :x.shape[1]]
    idx = _subset(x, c["p_tel"], g)
    if len(idx):
        x[idx] = telephone(x[idx])
    idx = _subset(x, c["p_lowpass"], g)
    if len(idx):
        x[idx] = lowpass(x[idx], g)
    idx = _subset(x, c["p_reverb"], g)
    if len(idx):
        x[idx] = reverb(x[idx], g)
    idx = _subset(x, c["p_noise"], g)
    if len(idx):
        x[idx] = _noise_in_range(x[idx], c["snr"], g)
    idx = _subset(x, c["p_floor"], g) if c["p_floor"] else []  # (no draw at 0: older runs stay reproducible)
    if len(idx):  # a faint noise floor under the speech and in its pauses: spoof is often digitally clean
        x[idx] = _noise_in_range(x[idx], c["floor_snr"], g)
    gain = 10 ** ((-20 + 26 * torch.rand(x.shape[0], 1, generator=g)) / 20)
    x = x / (x.abs().amax(dim=1, keepdim=True) + 1e-6) * 0.9 * gain
    idx = _subset(x, c["p_clip"], g)
    if len(idx):
        x[idx] = (x[idx] * (1.5 + 3 * torch.rand(len(idx), 1, generator=g))).clamp(-1, 1)
    _zero_segments(x, _subset(x, c["p_dropout"], g), g, 4, 320, 2400)  # 20-150 ms dropouts
    return x.clamp(-1, 1)


def silent_windows(x, y, g, p):
    """Replace a fraction p of the windows by no speech at all -- digital silence, dither or
    comfort noise at -90..-40 dBFS -- labelled bona fide: without speech there is no evidence
    of synthesis, and a model must not call a quiet line synthetic."""
    idx = _subset(x, p, g)
    if len(idx):
        x, y = x.clone(), y.clone()
        level = 10 ** ((-90 + 50 * torch.rand(len(idx), 1, generator=g)) / 20)
        level[torch.rand(len(idx), generator=g) < 0.3] = 0.0
        x[idx] = coloured_noise((len(idx), x.shape[1]), 2 * torch.rand(len(idx), generator=g), g) * level
        y[idx] = 0.0
    return x, y
