import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { bundlePlatformWorkflows, QUIET_BUNDLE_LOGGER } from '../worker/worker.js';
import { withStackTraces, type StackTraces } from '../worker/stack-traces.js';
import { tracingSinks } from '../observability/tracing-temporal.js';
import { dataConverter } from '../codec/index.js';
import { loadConfig } from '../config/config.js';
import { HISTORIES_DIR } from '../test/support/histories.js';

/**
 * `npm run bench:replay -- [--histories 9610-happy-path,9610-inspection] [--replays 200] [--rounds 3]`:
 * the CPU a workflow step costs in the workflow sandbox, without a server: replays golden histories
 * (test/replay/histories) with the production bundle, payload codec included, under each
 * WORKFLOW_STACK_TRACES setting, rounds interleaved; prints wall and CPU milliseconds per replay
 * (the median round). A full replay is what a shipment evicted from the cache costs at its next step.
 */
const { values } = parseArgs({ options: { histories: { type: 'string', default: '9610-happy-path' }, replays: { type: 'string', default: '200' }, rounds: { type: 'string', default: '3' } } });
const replays = Number(values.replays);
const rounds = Number(values.rounds);
if (!Number.isInteger(replays) || replays < 1 || !Number.isInteger(rounds) || rounds < 1) {
  console.error('bench:replay: --replays and --rounds take whole numbers of at least 1');
  process.exit(2);
}
// converted once, outside the timed loop: a worker gets its history from the server, not from JSON
const histories = values.histories.split(',').map((name) => {
  try {
    const h = JSON.parse(readFileSync(`${HISTORIES_DIR}/${name}.json`, 'utf8')) as { workflowId: string; history: unknown };
    return { workflowId: h.workflowId, history: historyFromJSON(h.history) };
  } catch (err) {
    console.error(`bench:replay: no golden history ${name} in test/replay/histories (${(err as Error).message})`);
    process.exit(2);
  }
});

Runtime.install({ logger: new DefaultLogger('WARN') }); // not each replay worker's start and stop
const bundle = await bundlePlatformWorkflows({ logger: QUIET_BUNDLE_LOGGER });
const converter = dataConverter(loadConfig({ CBEC_ENV: 'development' }));

/** Replays every history `times` times on one replay worker; returns wall and CPU ms per replay. */
async function measure(setting: StackTraces, times: number): Promise<{ wall: number; cpu: number }> {
  const items = async function* () {
    for (let i = 0; i < times; i++) for (const h of histories) yield { workflowId: `${h.workflowId}-${i}`, history: h.history };
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  for await (const r of Worker.runReplayHistories({ workflowBundle: withStackTraces(bundle, setting), dataConverter: converter, sinks: tracingSinks(undefined) }, items())) {
    if (r.error) throw r.error;
    n++;
  }
  const cpu = process.cpuUsage(cpu0);
  return { wall: (performance.now() - t0) / n, cpu: (cpu.user + cpu.system) / 1000 / n };
}

const settings: StackTraces[] = ['on', 'off'];
for (const s of settings) await measure(s, 1); // warm-up: bundle load and JIT
const results = new Map<StackTraces, { wall: number; cpu: number }[]>(settings.map((s) => [s, []]));
for (let r = 0; r < rounds; r++) for (const s of settings) results.get(s)!.push(await measure(s, replays));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`replays of ${values.histories}, ${replays} per round, ${rounds} rounds, Node ${process.versions.node}`);
console.log('| WORKFLOW_STACK_TRACES | wall ms per replay | CPU ms per replay | CPU per round |');
console.log('|---|---|---|---|');
for (const s of settings) {
  const rs = results.get(s)!;
  console.log(`| ${s} | ${median(rs.map((x) => x.wall)).toFixed(1)} | ${median(rs.map((x) => x.cpu)).toFixed(1)} | ${rs.map((x) => x.cpu.toFixed(1)).join(', ')} |`);
}
