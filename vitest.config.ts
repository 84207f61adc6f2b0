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
    // Embedded PGlite (no TEST_DATABASE_URL) serves one connection at a time: run files one by one.
    fileParallelism: Boolean(process.env.TEST_DATABASE_URL),
    reporters: ['default', ['json', { outputFile: process.env.CBEC_TEST_REPORT ?? '.data/test-report.json' }]],
  },
});
