import { defineProject } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Extension unit tests: WXT's plugin gives a fake `browser` and the auto-imports.
export default defineProject({
  plugins: [WxtVitest()],
  test: {
    name: 'extension',
    environment: 'happy-dom',
    include: ['**/*.test.ts', '**/*.test.tsx'],
    testTimeout: 30000,
  },
});
