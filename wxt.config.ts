import { defineConfig } from 'wxt';
import { modelAssets } from './extension/build/model-assets';
import { siteMatches } from './extension/sites/hosts';

// Builds made under the test runner are test builds: vitest's global setup (tests/e2e) runs
// `wxt build` with VITEST in the environment, and its pages live on 127.0.0.1. Set here, before
// Vite reads WXT_* variables, so the entrypoints' matches (sites/demo-build.ts) agree.
if (process.env.VITEST !== undefined && process.env.WXT_DEMO_HOSTS === undefined) process.env.WXT_DEMO_HOSTS = '1';

/**
 * WXT config (srcDir `extension/`). Manifest keys that matter for inference:
 * COEP/COOP make extension pages cross-origin isolated (ort-web threads), CSP allows
 * WebAssembly. Model, ort-web wasm and Silero VAD are copied from their sources at build
 * time (extension/build/model-assets.ts), never committed twice.
 */
export default defineConfig({
  srcDir: 'extension',
  outDir: process.env.VERACALL_OUT_DIR ?? '.output',
  publicDir: 'extension/public',
  modules: ['@wxt-dev/module-react'],
  manifestVersion: 3,
  manifest: ({ browser, mode }) => {
    // The local demo page (http://127.0.0.1, localhost) only in dev and test builds: see sites/hosts.ts.
    const SITE_HOSTS = siteMatches(mode === 'development' || process.env.WXT_DEMO_HOSTS === '1');
    return {
      name: 'Veracall',
      description: 'Tells you, live and on your own machine, when a voice in your call is synthetic.',
      permissions: browser === 'firefox' ? ['storage', 'tabs'] : ['storage', 'tabs', 'offscreen'],
      host_permissions: SITE_HOSTS,
      cross_origin_embedder_policy: { value: 'require-corp' },
      cross_origin_opener_policy: { value: 'same-origin' },
      content_security_policy: {
        extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
      },
      web_accessible_resources: [
        {
          // Match patterns must be origin-only: a path here makes Chrome drop the extension.
          resources: ['veracall-worklet.js'],
          matches: SITE_HOSTS,
        },
      ],
      ...(browser === 'firefox'
        ? {
            browser_specific_settings: {
              // Veracall transmits nothing off the machine (the companion is local), so it declares no data collection.
              gecko: { id: 'veracall@veracall.app', strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } },
            },
          }
        : {}),
    };
  },
  vite: () => ({
    resolve: { conditions: ['onnxruntime-web-use-extern-wasm', 'module', 'browser', 'import', 'default'] },
    build: { chunkSizeWarningLimit: 4096 },
  }),
  zip: {
    // Firefox's source archive: what builds the extension (plus the model it bundles), not
    // the companion, training data or run outputs.
    excludeSources: ['companion-server/**', 'models/runs/**', 'models/data/**', 'models/metrics/**', 'bench/**', 'tests/**', '.ci/**', 'coverage/**', '**/*.log'],
  },
  hooks: {
    'build:publicAssets': (wxt, files) => {
      files.push(...modelAssets(wxt.config.root, { fixtureDir: process.env.VERACALL_FIXTURE_MODEL_DIR }));
    },
  },
});
