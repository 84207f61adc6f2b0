import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:browser`: the web console driven in headless Chromium (Debian's `chromium`,
 * through playwright-core) against the real stack (test/support/platform.ts). Not part of
 * `npm test`: a machine without Chromium still passes that. CI runs both (.ci/run).
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/browser/**/*.browser.ts'],
    globalSetup: ['test/browser/global-setup.ts', 'test/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: process.env.CBEC_TEST_REPORT ?? '.data/test-report-browser.json' }]],
  },
});
