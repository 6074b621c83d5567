import * as ort from 'onnxruntime-web/wasm';
import { browser } from 'wxt/browser';

/**
 * onnxruntime-web configured for an extension page (offscreen document, or Firefox's
 * background page): wasm files from the extension's own /ort/ folder, one thread.
 *
 * One thread although the offscreen document is cross-origin isolated: the lite model and
 * Silero are too small to gain from a second (bench: lite 5.6 vs 4.8 ms a window, p95
 * 28 vs 36 ms), and on a loaded 2-core machine the per-window run was faster on one thread
 * (first-verdict trace, load ~4.5: 10-16 ms vs 19-36 ms) with no pool thread (and its
 * stack) in the offscreen renderer.
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
    const threads = 1;
    ort.env.wasm.numThreads = threads;
    ort.env.logLevel = 'error';
    return { ort, executionProviders: ['wasm'], label: `onnxruntime-web/wasm×${threads}` };
  })();
  return setup;
}
