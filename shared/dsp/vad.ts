/**
 * Voice-activity gate. The extension plugs in Silero (through @ricky0123/vad-web); the
 * companion and the CLI use `EnergyVad`, an adaptive-noise-floor energy detector. Both give
 * a speech probability per block of 16 kHz samples; `SpeechGate` turns those into a
 * per-window decision.
 */
export interface VoiceActivityDetector {
  /** Probability in [0, 1] that the block contains speech; blocks are 16 kHz samples. */
  speechProbability(block: Float32Array): number | Promise<number>;
  reset(): void;
}

export interface EnergyVadOptions {
  /** Block is speech when its level exceeds the tracked noise floor by this many dB. */
  marginDb?: number;
  /** Absolute floor below which nothing counts as speech (dBFS). */
  minDbfs?: number;
}

export class EnergyVad implements VoiceActivityDetector {
  private noiseDb = -60;
  private readonly marginDb: number;
  private readonly minDbfs: number;

  constructor(opts: EnergyVadOptions = {}) {
    this.marginDb = opts.marginDb ?? 9;
    this.minDbfs = opts.minDbfs ?? -55;
  }

  speechProbability(block: Float32Array): number {
    let s = 0;
    let n = 0;
    for (let i = 0; i < block.length; i++) {
      const v = block[i]!;
      if (Number.isFinite(v)) {
        s += v * v;
        n++;
      }
    }
    const db = n && s > 0 ? 10 * Math.log10(s / n) : -120;
    // The floor follows quiet blocks quickly and loud ones slowly, so speech does not raise it.
    const rate = db < this.noiseDb ? 0.3 : 0.01;
    this.noiseDb += rate * (db - this.noiseDb);
    if (db < this.minDbfs) return 0;
    const over = db - Math.max(this.noiseDb, this.minDbfs) - this.marginDb;
    return 1 / (1 + Math.exp(-over / 2));
  }

  reset(): void {
    this.noiseDb = -60;
  }
}

/** The whole 30 ms (480-sample) blocks of a window, in order: what the speech fraction counts. */
function* vadBlocks(window: Float32Array, blockSamples: number): Generator<Float32Array> {
  for (let i = 0; i + blockSamples <= window.length; i += blockSamples) yield window.subarray(i, i + blockSamples);
}

/** Fraction of 30 ms blocks in a window that the detector calls speech. */
export async function speechFraction(
  vad: VoiceActivityDetector,
  window: Float32Array,
  blockSamples = 480,
  threshold = 0.5,
): Promise<number> {
  let speech = 0;
  let blocks = 0;
  for (const block of vadBlocks(window, blockSamples)) {
    if ((await vad.speechProbability(block)) >= threshold) speech++;
    blocks++;
  }
  return blocks ? speech / blocks : 0;
}

/**
 * speechFraction for a detector that answers at once (EnergyVad): no awaits, so a caller
 * that bounds its time on the event loop (the companion's stream ingest) can do so.
 */
export function speechFractionSync(
  vad: { speechProbability(block: Float32Array): number },
  window: Float32Array,
  blockSamples = 480,
  threshold = 0.5,
): number {
  let speech = 0;
  let blocks = 0;
  for (const block of vadBlocks(window, blockSamples)) {
    if (vad.speechProbability(block) >= threshold) speech++;
    blocks++;
  }
  return blocks ? speech / blocks : 0;
}

/** Minimum share of speech blocks for a window to be scored. */
export const MIN_SPEECH_FRACTION = 0.3;
