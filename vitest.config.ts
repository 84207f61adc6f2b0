import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.data/**', '.tools/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    // Files run two at a time on either database: each file has a database of its own (on the
    // embedded one, a PGlite process of its own; test/support/db.ts).
    fileParallelism: true,
    reporters: ['default', ['json', { outputFile: process.env.CBEC_TEST_REPORT ?? '.data/test-report.json' }]],
  },
});
