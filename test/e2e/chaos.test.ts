import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runChaos } from '../../scripts/chaos/run.js';
import { summaryLine } from '../../scripts/chaos/verify.js';

/**
 * The small chaos run inside `npm test` (the full one is `npm run chaos`, docs/reliability.md),
 * which is also the production topology as processes: two worker processes on one task queue
 * and two API processes behind a balancer, on the shared dev server and PostgreSQL. Simulators
 * fail 30 % of requests, answer some late and repeat and reorder callbacks; one worker and one
 * API are SIGKILLed mid-run (and restarted, as a supervisor would).
 */
describe('chaos: two workers and two APIs under faults, one of each killed mid-run', () => {
  it('completes every shipment of every mode, performs each effect once and keeps the projection in step with Temporal', async () => {
    const lines: string[] = [];
    const report = await runChaos({
      shipments: 10,
      maxOpen: 10,
      workers: 2,
      apis: 2,
      failureRate: 0.3,
      slowRate: 0.05,
      duplicateCallbackRate: 0.2,
      jitterMs: 200,
      workerKills: 1,
      apiKills: 1,
      serverRestarts: 0,
      temporalAddress: inject('temporalAddress'),
      postgresUrl: process.env.TEST_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres',
      timeScale: 864_000,
      timeoutMs: 240_000,
      logDir: mkdtempSync(path.join(tmpdir(), 'cbec-chaos-test-')),
      log: (line) => lines.push(line),
    });
    expect(report.lost, lines.join('\n')).toEqual([]);
    expect(report.duplicates).toEqual([]);
    expect(report.orphans).toEqual([]);
    expect(report.disagreements).toEqual([]);
    expect(Object.keys(report.byMode).sort()).toEqual(['1210', '9610', '9710', '9810']);
    expect(report.disruptions).toEqual({ workerKills: 1, apiKills: 1, serverRestarts: 0 });
    // the faults really happened, and the simulators' ledgers absorbed repeated requests
    expect(report.faults.failures).toBeGreaterThan(0);
    expect(report.faults.duplicateCallbacks).toBeGreaterThan(0);
    expect(report.effects).toBeGreaterThan(report.shipments * 5);
    expect(summaryLine(report)).toBe('chaos: 10 shipments, 10 completed, 0 lost, 0 duplicate effects');
  }, 420_000);
});
