import * as ort from 'onnxruntime-web';
import { browser } from 'wxt/browser';

/**
 * onnxruntime-web configured for an extension page (offscreen document, or Firefox's
 * background page): wasm files from the extension's own /ort/ folder, two threads when the
 * page is cross-origin isolated (COEP/COOP manifest keys), WebGPU only when an adapter exists.
 */
export interface OrtSetup {
  ort: typeof ort;
  executionProviders: string[];
  /** e.g. "onnxruntime-web/wasm×2" or "onnxruntime-web/webgpu". */
  label: string;
}

let setup: Promise<OrtSetup> | null = null;

async function hasWebGpu(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) != null;
  } catch {
    return false;
  }
}

export function getOrt(): Promise<OrtSetup> {
  setup ??= (async () => {
    ort.env.wasm.wasmPaths = browser.runtime.getURL('/ort/' as '/');
    const threads = globalThis.crossOriginIsolated ? 2 : 1;
    ort.env.wasm.numThreads = threads;
    ort.env.logLevel = 'error';
    const gpu = await hasWebGpu();
    return {
      ort,
      executionProviders: gpu ? ['webgpu', 'wasm'] : ['wasm'],
      label: gpu ? 'onnxruntime-web/webgpu' : `onnxruntime-web/wasm×${threads}`,
    };
  })();
  return setup;
}
