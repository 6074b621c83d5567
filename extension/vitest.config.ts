import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Temporary: runs the popup/options/stores/history tests with WXT's plugin and fake browser
// until the root vitest.config.ts gains its `extension` project.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    name: 'extension-ui',
    environment: 'node',
    include: ['extension/{history,stores,popup,options,ui}/**/*.test.{ts,tsx}'],
  },
});
