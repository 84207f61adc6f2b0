import { mkdirSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runChaos, type ChaosOptions } from './chaos/run.js';
import { financeRows } from './chaos/finance-verify.js';
import { passed, reportRows, summaryLine } from './chaos/verify.js';

/**
 * `npm run chaos [-- --shipments N]`: the reliability proof (docs/reliability.md). Starts a
 * file-backed Temporal dev server, a database of its own on PostgreSQL (POSTGRES_URL, default
 * postgresql://root@127.0.0.1:5432/postgres), worker and API processes behind a balancer and the
 * simulators with faults and hostile webhook receivers (scripts/chaos/receivers.ts); kills workers
 * and APIs and restarts the server while shipments of every mode run; finances a share of the
 * 9710/9810 consignments (--finance-share, default 20 %) through the API; prints the checks as
 * tables. Exit 1 on any loss, duplicate effect, disagreement, webhook event lost or out of order,
 * double disbursement or repayment, or loan ledger not balancing or not agreeing with its lender.
 */
const USAGE = `usage: npm run chaos -- [--shipments N] [--max-open N] [--workers N] [--apis N] [--failure-rate 0..1]
       [--worker-kills N] [--api-kills N] [--server-restarts N] [--finance-share 0..1] [--timeout-s N]`;

const defaults = { shipments: 1000, 'max-open': 100, workers: 3, apis: 2, 'failure-rate': 0.3, 'worker-kills': 4, 'api-kills': 2, 'server-restarts': 1, 'finance-share': 0.2, 'timeout-s': 3600 };
/** Options that are shares, not counts. */
const SHARES: Partial<Record<Flag, number>> = { 'failure-rate': 0.9, 'finance-share': 1 };
type Flag = keyof typeof defaults;

function parse(argv: string[]): Record<Flag, number> {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]!.replace(/^--/, '') as Flag;
    const raw = argv[i + 1];
    const value = Number(raw);
    if (!argv[i]!.startsWith('--') || !(name in defaults)) fail(`unknown option ${argv[i]}`);
    if (raw === undefined || !Number.isFinite(value) || value < 0) fail(`--${name} needs a number ≥ 0, got ${raw ?? 'nothing'}`);
    if (name in SHARES ? value > SHARES[name]! : !Number.isInteger(value)) fail(`--${name}: ${raw} is out of range`);
    out[name] = value;
  }
  if (out.shipments < 1 || out['max-open'] < 1 || out.workers < 2 || out.apis < 1) fail('need --shipments ≥ 1, --workers ≥ 2 (kills need a survivor) and --apis ≥ 1');
  return out;
}

function fail(message: string): never {
  console.error(`chaos: ${message}\n${USAGE}`);
  process.exit(2);
}

const flags = parse(process.argv.slice(2));
// Ctrl-C: stop the run cleanly (processes, database); a second Ctrl-C exits at once (children are killed on exit)
const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort();
  process.once('SIGINT', () => process.exit(130));
});
Runtime.install({ logger: new DefaultLogger('ERROR') });
const logDir = `${tmpdir()}/cbec-chaos-${Date.now()}`;
mkdirSync(logDir, { recursive: true });
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const options: ChaosOptions = {
  shipments: flags.shipments,
  maxOpen: flags['max-open'],
  workers: flags.workers,
  apis: flags.apis,
  failureRate: flags['failure-rate'],
  slowRate: flags['failure-rate'] / 6,
  duplicateCallbackRate: 0.2,
  jitterMs: 300,
  workerKills: flags['worker-kills'],
  apiKills: flags['api-kills'],
  serverRestarts: flags['server-restarts'],
  financeShare: flags['finance-share'],
  postgresUrl: process.env.POSTGRES_URL ?? 'postgresql://root@127.0.0.1:5432/postgres',
  timeScale: Number(process.env.TIME_SCALE ?? 864_000),
  timeoutMs: flags['timeout-s'] * 1000,
  logDir,
  log,
  signal: interrupt.signal,
};
log(`chaos run: ${options.shipments} shipments (at most ${options.maxOpen} open), ${options.workers} workers, ${options.apis} APIs, ${availableParallelism()} cores (load ${load()}); financing ${options.financeShare * 100}% of 9710/9810; 503s ${options.failureRate * 100}%, late answers ${(options.slowRate * 100).toFixed(0)}%, duplicate callbacks ${options.duplicateCallbackRate * 100}%, jitter ${options.jitterMs} ms; logs in ${logDir}`);
try {
  const report = await runChaos(options);
  console.table(Object.fromEntries(reportRows(report)));
  console.table(financeRows(report.finance));
  log(`load average at the end: ${load()}`);
  console.log(summaryLine(report));
  process.exit(passed(report) ? 0 : 1);
} catch (err) {
  console.error(`chaos: the run failed: ${err instanceof Error ? err.stack : String(err)}`);
  console.log(`chaos: ${options.shipments} shipments, run aborted`);
  process.exit(1);
}
