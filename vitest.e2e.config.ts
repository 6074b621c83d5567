import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: headless Debian Chromium with the built extension on local pages.
// global-setup builds .output/chrome-mv3 (the real build) and, for plumbing tests only,
// .output/e2e-fixture/chrome-mv3 (the RMS test fixture in place of a detector).
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
