import browser from 'webextension-polyfill';
import { parseSidecar, type ModelSidecar } from '../../shared/model/sidecar';
import { createLogger } from '../logger';

const log = createLogger('sidecar');

/** Where the build copies the lite model's sidecar (extension/build/model-assets.ts). */
export const LITE_SIDECAR_PATH = '/models/lite.json';

/** The bundled lite model's sidecar, or null when the build has no model or it is invalid. */
export async function loadLiteSidecar(fetcher: typeof fetch = fetch): Promise<ModelSidecar | null> {
  try {
    const res = await fetcher(browser.runtime.getURL(LITE_SIDECAR_PATH));
    if (!res.ok) return null;
    return parseSidecar((await res.json()) as unknown, 'models/lite.json');
  } catch (e) {
    log.debug('no lite sidecar', e);
    return null;
  }
}
