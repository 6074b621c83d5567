import * as ort from 'onnxruntime-web/wasm';
import { browser } from 'wxt/browser';

/**
 * onnxruntime-web configured for an extension page (offscreen document, or Firefox's
 * background page): wasm files from the extension's own /ort/ folder, two threads when the
 * page is cross-origin isolated (COEP/COOP manifest keys).
 *
 * The wasm-only build (`onnxruntime-web/wasm`, 14 MB of wasm) rather than the default one with
 * WebGPU/JSEP (28 MB): the lite model (0.36 M parameters) and Silero run in a few ms a window
 * on wasm, where WebGPU would only add transfers; half the wasm compiles in half the time
 * (cold start) and keeps half the compiled code in the offscreen document's memory.
 */
export interface OrtSetup {
  ort: typeof ort;
  executionProviders: string[];
  /** e.g. "onnxruntime-web/wasm×2". */
  label: string;
}

let setup: Promise<OrtSetup> | null = null;

export function getOrt(): Promise<OrtSetup> {
  setup ??= (async () => {
    ort.env.wasm.wasmPaths = browser.runtime.getURL('/ort/' as '/');
    const threads = globalThis.crossOriginIsolated ? 2 : 1;
    ort.env.wasm.numThreads = threads;
    ort.env.logLevel = 'error';
    return { ort, executionProviders: ['wasm'], label: `onnxruntime-web/wasm×${threads}` };
  })();
  return setup;
}
