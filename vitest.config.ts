import { defineConfig } from 'vitest/config';

// Unit and integration tests for shared/, companion-server/, models/ and tests/.
// The extension's tests run as their own project with WXT's vitest plugin (see extension/vitest.config.ts).
export default defineConfig({
  test: {
    // One temp folder per run, removed at the end (tests/run-tmpdir.ts).
    globalSetup: ['tests/global-setup.ts'],
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['shared/**/*.test.ts', 'companion-server/**/*.test.ts', 'models/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'node_modules/**'],
          testTimeout: 30000,
          hookTimeout: 60000,
        },
      },
      // Extension code: WXT's vitest plugin (fake browser, auto-imports), happy-dom.
      'extension/vitest.config.ts',
    ],
  },
});
