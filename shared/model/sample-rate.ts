/**
 * The sample rate every Veracall model takes: mono PCM at 16 kHz. Each model's sidecar states
 * it (`sampleRate`, which the sidecar schema pins to this value) and every pipeline resamples
 * to it before windowing. Code holding a sidecar reads `sidecar.sampleRate`; code that runs
 * before a model is chosen (capture, decoding, the companion's wire format) uses this constant,
 * never a literal 16000.
 */
export const MODEL_SAMPLE_RATE = 16000;
