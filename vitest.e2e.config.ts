import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: headless Chromium with the built extension on local pages.
// global-setup builds .output/chrome-mv3 (the real build) and, for plumbing tests only,
// .output/e2e-fixture/chrome-mv3 (the RMS test fixture in place of a detector).
// Chromium: /usr/bin/chromium (Debian's package) or CHROMIUM_PATH; without it the suite is skipped.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromium);
if (!haveChromium) {
  console.warn(`e2e: SKIPPED, no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: haveChromium ? ['tests/e2e/**/*.e2e.test.ts'] : [],
    passWithNoTests: !haveChromium,
    globalSetup: haveChromium ? ['tests/e2e/global-setup.ts'] : [],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
