import { readdirSync, readFileSync } from 'node:fs';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker, type bundleWorkflowCode } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { HISTORIES_DIR } from '../support/histories.js';
import { bundlePlatformWorkflows, QUIET_BUNDLE_LOGGER } from '../../worker/worker.js';
import { tracingSinks } from '../../observability/tracing-temporal.js';
import { dataConverter } from '../../codec/index.js';
import { loadConfig } from '../../config/config.js';

/**
 * Golden finance histories (test/replay/histories/finance/, captured by the finance e2e tests with
 * CAPTURE_HISTORIES=1) must replay against the current workflows: loans, pledges (one closed, one
 * still open in BREACHED), cargo policies (a damage claim, a loss claim paid) and export credit
 * policies (paid in time, a non-payment claim paid), a 9610 pool loan closed sweep by sweep. `before-accept-recorded-*`
 * were recorded before patch 'loan-accept-recorded' (acceptance recorded as ACCEPTED before the
 * disbursement): refund loans started then still run that path.
 */
const DIR = `${HISTORIES_DIR}/finance`;
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const load = (f: string) => JSON.parse(readFileSync(`${DIR}/${f}`, 'utf8')) as { workflowId: string; history: unknown };

let bundle: Awaited<ReturnType<typeof bundleWorkflowCode>>;
beforeAll(async () => {
  bundle = await bundlePlatformWorkflows({ logger: QUIET_BUNDLE_LOGGER });
});

describe('replay of committed finance histories', () => {
  it('has histories of refund loans from before the accept patch, of receivable and pool loans, pledges, cargo and credit policies', () => {
    expect(files).toEqual(expect.arrayContaining([
      'before-accept-recorded-refund-loan-closed.json', 'before-accept-recorded-refund-loan-denied.json', 'refund-loan-closed.json', 'receivable-9810-closed.json', 'receivable-9710-closed.json', 'pool-9610-closed.json',
      'pledge-released-repaid-closed.json', 'pledge-breached-open.json', 'insurance-damage-claim-paid.json',
      'cargo-policy-loss-paid.json', 'credit-policy-paid-in-time.json', 'credit-policy-claim-paid.json',
    ]));
  });

  it.each(files)('replays %s without nondeterminism', async (file) => {
    const { workflowId, history } = load(file);
    await expect(Worker.runReplayHistory({ workflowBundle: bundle, dataConverter: dataConverter(loadConfig({ CBEC_ENV: 'development' })), sinks: tracingSinks(undefined) }, historyFromJSON(history), workflowId)).resolves.toBeUndefined();
  });
});
