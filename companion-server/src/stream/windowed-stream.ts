import { EnergyVad, Framer, MIN_SPEECH_FRACTION, speechFraction, type Frame } from '../../../shared/index';
import type { LoadedModel } from '../models/model-registry';

/**
 * One audio stream on a companion connection, cut into windows: the 16 kHz samples in the
 * model's window and hop, keeping only windows the energy gate calls speech. Non-speech
 * windows are not scored and no message is sent for them: the window indices of the scores
 * that do arrive show the gaps. (The verdict is the extension's LiveStream's, from these scores.)
 */
export class WindowedStream {
  readonly framer: Framer;
  private readonly vad = new EnergyVad();
  /** Windows cut so far (speech or not). */
  windows = 0;
  /** Windows waiting for, or in, inference. */
  inFlight = 0;
  lastSeq = -1;
  ending = false;

  constructor(
    readonly id: string,
    readonly model: LoadedModel,
  ) {
    this.framer = new Framer(model.sidecar.windowSamples, model.sidecar.hopSamples);
  }

  /** Pushes samples; resolves to the completed windows that hold speech. */
  async push(samples: Float32Array): Promise<Frame[]> {
    const frames = this.framer.push(samples);
    this.windows += frames.length;
    const speech: Frame[] = [];
    for (const f of frames) {
      if ((await speechFraction(this.vad, f.samples)) >= MIN_SPEECH_FRACTION) speech.push(f);
    }
    return speech;
  }
}
