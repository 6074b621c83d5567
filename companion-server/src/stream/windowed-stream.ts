import { EnergyVad, Framer, MIN_SPEECH_FRACTION, speechFractionSync, type Frame } from '../../../shared/index';
import type { LoadedModel } from '../models/model-registry';

/**
 * One audio stream on a companion connection, cut into windows: the 16 kHz samples in the
 * model's window and hop, keeping only windows the energy gate calls speech. Non-speech
 * windows are not scored and no message is sent for them: the window indices of the scores
 * that do arrive show the gaps. Synchronous, so the ingest pump can bound its time on the
 * event loop. (The verdict is the extension's LiveStream's, from these scores.)
 */
export class WindowedStream {
  readonly framer: Framer;
  private readonly vad = new EnergyVad();
  /** Windows cut so far (speech or not), and windows lost to dropped audio. */
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

  /** Pushes samples; returns the completed windows that hold speech. */
  push(samples: Float32Array): Frame[] {
    const frames = this.framer.push(samples);
    this.windows += frames.length;
    return frames.filter((f) => speechFractionSync(this.vad, f.samples) >= MIN_SPEECH_FRACTION);
  }

  /** `samples` of this stream were dropped unprocessed (overload); returns the windows lost with them. */
  skip(samples: number): number {
    const lost = this.framer.skip(samples);
    this.windows += lost;
    return lost;
  }
}
