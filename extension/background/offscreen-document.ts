import { browser } from 'wxt/browser';

/**
 * The one offscreen document that hosts inference (Chrome). Reason WORKERS: it keeps the
 * document alive while we compute (AUDIO_PLAYBACK would close it after 30 s of silence).
 * Firefox has no offscreen API; its background page runs inference itself.
 */
const PATH = '/offscreen.html';
let creating: Promise<void> | null = null;

/**
 * Creates the document if needed and waits until it answers `ping` (its listeners are
 * registered only after its script has loaded; a message sent earlier would be lost).
 */
export async function ensureOffscreen(ping: () => Promise<unknown>): Promise<void> {
  if (import.meta.env.FIREFOX) return;
  await createIfMissing();
  for (let i = 0; ; i++) {
    try {
      await ping();
      return;
    } catch (e) {
      if (i >= 50) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function createIfMissing(): Promise<void> {
  const offscreen = browser.offscreen;
  const contexts = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
  if (contexts.length > 0) return;
  creating ??= offscreen
    .createDocument({ url: PATH, reasons: ['WORKERS'], justification: 'Run the voice-spoof detector and VAD (onnxruntime-web) on call audio.' })
    .catch((e: unknown) => {
      if (!String(e).includes('Only a single offscreen')) throw e;
    })
    .finally(() => {
      creating = null;
    });
  await creating;
}

/** Closes the document (frees onnxruntime's memory); the next stream or analysis re-creates it. */
export async function closeOffscreen(): Promise<void> {
  if (import.meta.env.FIREFOX) return;
  if ((await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length) await browser.offscreen.closeDocument();
}
