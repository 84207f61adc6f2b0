import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Contract suites against real endpoints, outside `npm test`:
 *   npx vitest run --config cli/vitest.live.config.ts adapters/<name>
 * runs adapters/<name>/contract.live.ts (the adapter's suite with the real client and URL from the
 * environment). No Temporal or database: only the adapter and the outside system. See docs/adapters.md.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['adapters/**/contract.live.ts'],
    exclude: ['node_modules/**', '.data/**', '.tools/**'],
    // real systems answer in seconds and report milestones in hours: suites size their own waits
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
