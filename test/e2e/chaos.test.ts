import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runChaos } from '../../scripts/chaos/run.js';
import { passed, summaryLine } from '../../scripts/chaos/verify.js';

/**
 * The small chaos run inside `npm test` (the full one is `npm run chaos`, docs/reliability.md),
 * which is also the production topology as processes: two worker processes on one task queue
 * and two API processes behind a balancer, on the shared dev server and PostgreSQL. Simulators
 * fail 30 % of requests, answer some late and repeat and reorder callbacks; five webhook
 * receivers misbehave (down, failing, slow, answers dropped); one worker and one API are
 * SIGKILLed mid-run (and restarted, as a supervisor would). Its 9710 and 9810 are financed through
 * the API (a refund-backed loan from lender-bank, the 9810's first sales batch from lender-fin).
 */
describe('chaos: two workers and two APIs under faults, one of each killed mid-run', () => {
  it('completes every shipment of every mode, performs each effect once, keeps the projection in step with Temporal and moves no loan money twice', async () => {
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
      financeShare: 1,
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
    // every event at each of the hostile receivers (down, failing, slow, answers dropped), in order per shipment, signatures valid
    expect(report.webhooks.lost, report.webhooks.lost.slice(0, 10).join('\n')).toEqual([]);
    expect(report.webhooks.outOfOrder).toEqual([]);
    expect(report.webhooks).toMatchObject({ endpoints: 5, badSignatures: 0, disabled: 0 });
    expect(report.webhooks.expected).toBeGreaterThan(report.shipments * 20);
    expect(report.webhooks.faults.answered500).toBeGreaterThan(0);
    // both financed shipments borrowed and repaid under the same faults: each loan drawn and repaid once, its ledger balancing and equal to the lender's statement
    const f = report.finance;
    expect(f.driving, lines.join('\n')).toMatchObject({ planned: 2, refused: [] });
    expect({ double: [...f.doubleDisbursements, ...f.doubleRepayments], orphans: f.orphans, differences: f.differences, unbalanced: f.unbalanced, lost: f.lost }).toEqual({ double: [], orphans: [], differences: [], unbalanced: [], lost: [] });
    expect(f.total.disbursements).toBeGreaterThanOrEqual(1);
    expect(f.total.repayments).toBe(f.total.disbursements);
    expect(f.total.closed).toBe(f.total.disbursements);
    expect(f.total).toMatchObject({ balanced: true, platform: { outstanding: 0, writtenOff: 0 }, lender: { outstanding: 0 } });
    expect(f.total.platform.disbursed).toBe(f.total.lender.disbursed);
    expect(f.total.platform.repaid).toBe(f.total.platform.disbursed);
    expect(passed(report)).toBe(true);
    expect(summaryLine(report)).toMatch(/^chaos: 10 shipments, 10 completed, 0 lost, 0 duplicate effects; webhooks: 0 events lost, 0 out of order, \d+ duplicates received; finance: \d loans, \d closed, 0 lost, 0 double disbursements, 0 double repayments, every ledger balanced and agreeing with the lenders; PASSED$/);
  }, 420_000);
});
