import { browser } from 'wxt/browser';
import { parseSidecar, SidecarError, type ModelSidecar } from '../../shared/model/sidecar';
import { createOnnxDetector, type Detector } from '../../shared/scoring/detector';
import { liveFileFor, type LiveFile } from '../../shared/scoring/live-file';
import { EnergyVad, type VoiceActivityDetector } from '../../shared/dsp/vad';
import { createLogger } from '../logger';
import { getOrt } from './ort-runtime';
import { SileroVad } from './silero-vad';

const log = createLogger('model');

/**
 * Loads the in-browser engine: the lite detector (models/lite.onnx + lite.json, copied into
 * the build) and Silero VAD. A missing model is a state, not a crash: the extension says
 * "no model" and scores nothing. The test fixture is refused unless this build was made
 * for plumbing tests (WXT_ALLOW_FIXTURE_MODEL=1), and then labelled as such everywhere.
 */
export type EngineLoad =
  | { ok: true; detector: Detector; sidecar: ModelSidecar; live: LiveFile | null; engine: string; newVad: () => VoiceActivityDetector; vadKind: 'silero' | 'energy' }
  | { ok: false; reason: 'missing' | 'error'; error: string };

const ALLOW_FIXTURE = import.meta.env.WXT_ALLOW_FIXTURE_MODEL === '1';

async function fetchOptional(path: string): Promise<Response | null> {
  try {
    const r = await fetch(browser.runtime.getURL(path as '/'));
    return r.ok ? r : null;
  } catch {
    return null;
  }
}

export async function loadEngine(): Promise<EngineLoad> {
  const jsonRes = await fetchOptional('/models/lite.json');
  const onnxRes = jsonRes && (await fetchOptional('/models/lite.onnx'));
  if (!jsonRes || !onnxRes) return { ok: false, reason: 'missing', error: 'No model: this build has no lite model (models/lite.onnx).' };
  try {
    const sidecar = parseSidecar(await jsonRes.json(), 'models/lite.json');
    if (sidecar.testFixture && !ALLOW_FIXTURE) {
      return { ok: false, reason: 'missing', error: 'No model: the bundled model is a test fixture, not a detector.' };
    }
    const setup = await getOrt();
    const tag = sidecar.testFixture ? 'TEST FIXTURE' : `${sidecar.displayName} ${sidecar.version}`;
    const engine = `${setup.label} · ${tag}`;
    const bytes = new Uint8Array(await onnxRes.arrayBuffer());
    const detector = await createOnnxDetector(setup.ort, bytes, sidecar, {
      engine,
      // No CPU arena: it keeps every chunk it ever grew to inside the wasm heap, which cannot shrink.
      sessionOptions: { executionProviders: setup.executionProviders, graphOptimizationLevel: 'all', enableCpuMemArena: false },
    });
    let newVad: () => VoiceActivityDetector = () => new EnergyVad();
    let vadKind: 'silero' | 'energy' = 'energy';
    const vadRes = await fetchOptional('/vad/silero_vad_v5.onnx');
    if (vadRes) {
      try {
        newVad = await SileroVad.load(setup, new Uint8Array(await vadRes.arrayBuffer()));
        vadKind = 'silero';
      } catch (e) {
        log.warn('Silero VAD failed to load; using the energy VAD', e);
      }
    }
    // The live rule's calibrated bars (models/lite.live.json), only if fitted on this very model.
    const liveRes = await fetchOptional('/models/lite.live.json');
    const live = liveRes ? liveFileFor(await liveRes.json().catch(() => null), sidecar) : null;
    if (!live) log.warn('no live calibration for this model: warnings claim no false-alarm rate');
    log.info(`engine ready: ${engine}, VAD ${vadKind}`);
    return { ok: true, detector, sidecar, live, engine, newVad, vadKind };
  } catch (e) {
    const msg = e instanceof SidecarError ? e.message : `model failed to load: ${e instanceof Error ? e.message : String(e)}`;
    log.error(msg);
    return { ok: false, reason: 'error', error: msg };
  }
}
