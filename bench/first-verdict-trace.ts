/**
 * Where the time to a first verdict goes: the call page's onset and badge times (epoch ms,
 * tests/e2e/pages/call.js) lined up with the offscreen document's trace of the stream
 * (extension/inference/live-trace.ts). The stages add up to the measured latency:
 *   uplink     page onset → the chunk holding the onset reaches the offscreen document, less
 *              the audio after the onset in that chunk (worklet blocks, resampler, message hop)
 *   vad_onset  audio between that onset and the VAD's first speech block
 *   evidence   audio between the VAD onset and the end of the first window that passed the gate
 *              (vad_onset and evidence include waiting for 200 ms chunks to fill)
 *   queue      the window's last chunk arriving → window handed to the detector (VAD runs,
 *              serialised ingest)
 *   infer      detector run (ORT)
 *   rule       LiveRule and the update
 *   back       update → background → tab → badge seen by the page (polled every 5 ms)
 */
export interface PageTimes {
  onsetEpoch: number;
  verdictEpoch: number;
}

type Marks = Partial<Record<'start' | 'engine' | 'audio' | 'energy' | 'vad' | 'window' | 'scored' | 'verdict', { t: number; sample?: number; end?: number }>>;

export const STAGES = ['uplink', 'vad_onset', 'evidence', 'queue', 'infer', 'rule', 'back', 'engine_wait', 'engine_slack'] as const;
export type Stage = (typeof STAGES)[number];

/** Stage durations in ms (engine_wait: stream start → engine ready; engine_slack: engine ready → onset audio arrived, negative if the engine was late). */
export function stages(page: PageTimes, traces: Record<string, Marks> | null): Partial<Record<Stage, number>> {
  // The latest stream with a verdict (a warm run's first call left its own trace).
  const m = Object.values(traces ?? {})
    .filter((x) => x.verdict && x.window && x.energy?.end !== undefined && x.vad)
    .sort((a, b) => b.verdict!.t - a.verdict!.t)[0];
  if (!m) return {};
  const ms = (samples: number) => samples / 16;
  const e = m.energy!;
  const w = m.window!;
  const out: Partial<Record<Stage, number>> = {
    uplink: e.t - page.onsetEpoch - ms(e.end! - e.sample!),
    vad_onset: ms(m.vad!.sample! - e.sample!),
    evidence: ms(w.sample! - m.vad!.sample!),
    queue: w.t - e.t - ms(w.sample! - e.end!),
    infer: m.scored!.t - w.t,
    rule: m.verdict!.t - m.scored!.t,
    back: page.verdictEpoch - m.verdict!.t,
  };
  if (m.start && m.engine) {
    out.engine_wait = m.engine.t - m.start.t;
    out.engine_slack = e.t - m.engine.t;
  }
  return out;
}
