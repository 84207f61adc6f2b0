import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { adminQuery, migrate, withDatabase } from '../lib/database.js';
import { admissionLimits } from '../../api/admission-sample.js';
import { apiBench } from './api-load.js';
import type { ActionCount } from './actions.js';
import { cpuNow, type CpuSeconds } from './cpu.js';
import { modeHistories, type ModeHistory } from './histories.js';
import { cleanups, SERVER_FLAGS, startBenchPlatform, workerSettings, type BenchPlatform } from './platform.js';
import { writeReport, type Section } from './report.js';
import { scale } from './scale.js';
import { runStatsBench } from './stats.js';
import { planOf, throughput } from './throughput.js';
import { timeSkipped } from './timeskip.js';
import { webhookBench } from './webhooks.js';

export interface BenchOptions {
  quick: boolean;
  /** Only these sections ('1'…'7'; sections 1, 6 and 7 also run 2, whose histories they use); the report file is left alone. */
  only?: Set<string>;
  /** Section 4 sizes other than the defaults (open shipments, time box in minutes, worker cache and workflow threads, worker processes); the report file is left alone. */
  scale?: { target?: number; minutes?: number; cache?: number; threads?: number; workers?: number };
  /** Sections 1, 3 and 7 sizes other than the defaults (a loaded machine); the report file is left alone. */
  sizes?: { shipments?: number; apiRequests?: number };
  postgresUrl: string;
  log: (line: string) => void;
}

/** Sizes per run kind. */
export function sizes(quick: boolean) {
  return quick
    ? { shipments: 100, lanes: 8, scaleTarget: 500, scaleTimeBoxMs: 3 * 60_000, apiRequests: 300, apiRounds: 2, apiConcurrency: 16, statsShipments: 100_000, statsRequests: 10 }
    : { shipments: 400, lanes: 8, scaleTarget: 10_000, scaleTimeBoxMs: 60 * 60_000, apiRequests: 3000, apiRounds: 6, apiConcurrency: 16, statsShipments: 1_000_000, statsRequests: 30 };
}

export const TIME_SCALE = 864_000;

const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
/** Bytes as kB (1000), one decimal. */
const kb = (bytes: number) => f(bytes / 1000, 1);
const total = (c: CpuSeconds) => c.platform + c.temporal + c.simulators;
const breakdown = (c: ActionCount) =>
  `start ${c.start}, activities ${c.activities}, retries ${c.retries}, local-activity tasks ${c.localActivityTasks}, signals ${c.signals}, timers ${c.timers}, upserts ${c.upserts}, updates ${c.updates}, children ${c.children}`;

/** Runs every section (a failed one is reported and the others still run); true when all passed. */
export async function runBenchmarks(o: BenchOptions): Promise<boolean> {
  const base = sizes(o.quick);
  const s = {
    ...base,
    shipments: o.sizes?.shipments ?? base.shipments,
    apiRequests: o.sizes?.apiRequests ?? base.apiRequests,
    scaleTarget: o.scale?.target ?? base.scaleTarget,
    scaleTimeBoxMs: o.scale?.minutes ? o.scale.minutes * 60_000 : base.scaleTimeBoxMs,
  };
  const cores = availableParallelism();
  const machine = `${cores} cores (${cpus()[0]?.model.trim() ?? 'cpu'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`;
  const setupOf = (config: BenchPlatform['config']) => `${cores} cores; one process: worker + API; the simulators in another (no added latency); ${workerSettings(config)}; TIME_SCALE ${TIME_SCALE}, SLA watch off (SLA_WATCH_MS 0: a 2-hour service level lasts 8 ms here)`;
  o.log(`bench ${o.quick ? '--quick' : '(full)'} on ${machine}`);
  const sections: Section[] = [];
  const summary: { e2e?: string; api?: string; actions?: string } = {};
  const wanted = (n: string) => !o.only || o.only.has(n) || (n === '2' && (o.only.has('1') || o.only.has('6') || o.only.has('7')));
  const section = async (name: string, fn: () => Promise<Pick<Section, 'rows' | 'notes'>>) => {
    if (!wanted(name.split('.')[0]!)) return;
    const t = Date.now();
    o.log(`— ${name}`);
    try {
      const out = await fn();
      sections.push({ name, ...out, seconds: (Date.now() - t) / 1000 });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      console.error(`bench: section "${name}" failed: ${err instanceof Error ? err.stack : message}`);
      sections.push({ name, rows: [], notes: [], error: message, seconds: (Date.now() - t) / 1000 });
    }
  };

  let p: BenchPlatform | undefined;
  let histories: ModeHistory[] = [];
  try {
    if (!['1', '2', '3', '4', '7'].some(wanted)) throw new SkipPlatform();
    p = await startBenchPlatform({ postgresUrl: o.postgresUrl, timeScale: TIME_SCALE, log: o.log, scaleWorkers: o.scale?.cache || o.scale?.workers ? { cache: o.scale.cache, count: o.scale.workers ?? 1 } : undefined });
    const platform = p;
    const setup = setupOf(platform.config);
    const serverRss = () => {
      try {
        return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${platform.server.process.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
      } catch {
        return NaN;
      }
    };

    await section('2. Temporal actions and history per shipment', async () => {
      const stop = await platform.startWorker('shipment');
      try {
        histories = await modeHistories(platform);
      } finally {
        await stop();
      }
      const h9610 = histories.find((h) => h.mode === '9610');
      if (h9610) summary.actions = `actions/9610 ${h9610.count.actions} (goal <= 30), history/9610 ${kb(h9610.serverBytes)} KB as the server counts it (goal <= 20)`;
      return {
        rows: histories.map((h) => [`${h.mode} (${h.status}${h.slaBreaches ? `, ${h.slaBreaches} SLA breaches` : ''})`, `${h.count.actions} actions`, `${h.count.events} events, ${kb(h.serverBytes)} KB as the server counts it (${(h.bytes / 1024).toFixed(0)} KiB as JSON); ${breakdown(h.count)}`]),
        notes: [
          'One shipment per mode created through the API and run to its end on the platform below; the history fetched from the server and counted by scripts/bench/actions.ts (shared with scripts/history-stats.ts) after docs.temporal.io/cloud/actions: start 1, each activity attempt, 1 per workflow task with local activities, signals, timers started, search-attribute upserts, accepted updates, child workflows 2, continue-as-new. Queries are not counted (not in the history; the API reads the database).',
          `Goal: <= 30 actions on the 9610 happy path; measured ${h9610?.count.actions ?? 'n/a'}${(h9610?.count.actions ?? Infinity) <= 30 ? ' (met)' : ' (not met)'}. These are lean histories (patch lean-history, workflows/README.md): projection writes ride with the next activity (one local-activity task only where the shipment then waits), the status's service level is watched outside the workflow (api/sla-watch.ts, no timer per wait; a breach costs one signal), the ShipmentStatus search attribute moves only for statuses that need ops and the end status, and the callback route signals only receipts and milestones a flow waits for (the others are stored). Before it (histories still replayed): 59 actions for 9610 (11 activities, 10 local-activity tasks, 18 signals, 10 timers, 9 upserts). Every stage stays visible in the Web UI: current details per status, one summary per activity.`,
          `History size: goal <= 20 KB per 9610 happy path as the server counts it (DescribeWorkflowExecution historySizeBytes, the Web UI's History Size; payloads encrypted by the codec); measured ${h9610 ? kb(h9610.serverBytes) : 'n/a'} KB${(h9610?.serverBytes ?? Infinity) <= 20_000 ? ' (met)' : ' (not met)'}. The JSON figure (historyToJSON of the fetched history) is larger: protobuf field tags and base64 payloads. Activities get the order by reference, payloads are deflated before they are sealed, the worker's build id is short (lean payloads, workflows/README.md).`,
          `Setup: ${setup}.`,
        ],
      };
    });

    await section('1. End-to-end throughput vs a bare Temporal workflow', async () => {
      const h9610 = histories.find((h) => h.mode === '9610');
      if (!h9610) throw new Error('needs the 9610 history of section 2');
      const plan = planOf(h9610.count);
      const r = await throughput(platform, { shipments: s.shipments, lanes: s.lanes, plan, timeoutMs: o.quick ? 150_000 : 600_000, log: o.log });
      summary.e2e = `end-to-end ratio ${f(r.makespanRatio)} (${f(r.real.makespanRate)}/s vs bare ${f(r.bare.makespanRate)}/s)`;
      return {
        rows: [
          ['9610 shipments (API create → COMPLETED)', `${f(r.real.makespanRate)}/s`, `${r.real.count} shipments, ${f(r.real.steadyRate)}/s between the 10th and 90th percentile completion, p50 latency ${f(r.real.p50LatencyS, 1)} s, ${r.real.completed} COMPLETED, ${r.real.breaches} SLA breaches`],
          ['bare workflow (client start → completed)', `${f(r.bare.makespanRate)}/s`, `${r.bare.count} workflows, ${f(r.bare.steadyRate)}/s between the 10th and 90th percentile completion, p50 latency ${f(r.bare.p50LatencyS, 1)} s; its history: ${r.bareCount.actions} actions (${breakdown(r.bareCount)})`],
          ['ratio (goal >= 0.8)', f(r.makespanRatio), `10th–90th percentile ratio ${f(r.ratio)} (completions bunch at the end of a batch, so this one is noisier)`],
          ['CPU per shipment, 9610 vs bare', `${f(total(r.real.cpu), 0)} vs ${f(total(r.bare.cpu), 0)} ms`, `platform process (API + worker) ${f(r.real.cpu.platform, 0)} vs ${f(r.bare.cpu.platform, 0)} ms, Temporal server ${f(r.real.cpu.temporal, 0)} vs ${f(r.bare.cpu.temporal, 0)}, simulators ${f(r.real.cpu.simulators, 0)} vs ${f(r.bare.cpu.simulators, 0)} (user + system, /proc; PostgreSQL not counted)`],
        ],
        notes: [
          `Bare plan from the 9610 history of section 2 (same run): ${JSON.stringify(plan)}; the bare workflow is scripts/bench/bare.workflow.ts, bundled on its own, no-op activities, each activity asks the worker to send its share of the signals right after it returns (as an outside system's callback), each timer (1 day) goes out with an activity and is cancelled when that activity's signals arrived.`,
          `${s.shipments} of each started with ${s.lanes} concurrent starts; rate = workflows / (first start → last completion). Zero-latency simulators: every simulator runs its scheduled steps (receipts, milestones, payments) at once (delayFactor 0, adapters/kit/simulator.ts), so neither side waits for business time; what differs is the platform's own work per shipment (API validation and risk rules, XML messages and their signatures, callbacks over HTTP with the inbox, projection writes, payload encryption).`,
          `Setup: ${setup}; both workers on the same dev server (${SERVER_FLAGS}), one after the other.`,
        ],
      };
    });

    const workers = o.scale?.workers ?? 1;
    await section(`4. Scale: open shipments waiting on ${workers === 1 ? 'one worker' : `${workers} worker processes`}`, async () => {
      const cache = o.scale?.cache ?? platform.config.WORKER_MAX_CACHED_WORKFLOWS;
      const threads = o.scale?.threads ?? platform.config.WORKER_WORKFLOW_THREADS;
      const r = await scale(platform, { target: s.scaleTarget, lanes: s.lanes, timeBoxMs: s.scaleTimeBoxMs, maxCachedWorkflows: cache, workflowThreads: threads, workers, drainTimeoutMs: o.quick ? 120_000 : 30 * 60_000, log: o.log });
      const l = admissionLimits(platform.config);
      const limits = `ADMISSION_MAX_BACKLOG ${l.maxBacklog} tasks, ADMISSION_MAX_BACKLOG_AGE_MS ${l.maxBacklogAgeMs}, ADMISSION_MAX_MOVING ${l.maxMoving} shipments moved within ADMISSION_MOVING_WINDOW_MS ${l.movingWindowMs}, read every ${platform.config.ADMISSION_SAMPLE_MS} ms`;
      return {
        rows: [
          ['open shipments waiting in transit', `${r.waiting} of ${r.target} asked`, `${r.created} created; ${r.waiting} in transit after ${f(r.reachedMs / 1000, 0)} s${r.limitedBy ? `; limited by ${r.limitedBy}` : ''}`],
          ['admission control (429 OVERLOADED to the bench client)', `${r.pushback.refused} × 429`, `the client waited the Retry-After of each and sent the same request again: ${r.pushback.waitedS} s waited over ${s.lanes} lanes, longest Retry-After ${r.pushback.longestRetryAfterS} s (${limits})`],
          ['bench process (worker + API)', `RSS ${f(r.worker.rss, 0)} MiB`, `heap used ${f(r.worker.heapUsed, 0)} MiB of ${f(r.worker.heapTotal, 0)} MiB (highest of 5 samples while waiting)`],
          ...r.extraWorkersRssMiB.map((rss, k) => [`worker process ${k + 2} (worker/main.ts)`, `RSS ${f(rss, 0)} MiB`, 'same dev server, database and task queue, same cache and thread settings; highest of 5 samples while waiting']),
          ['Temporal dev server', `RSS ${f(r.serverRssMiB, 0)} MiB`, '/proc/<pid>/status VmRSS, highest of 5 samples while waiting'],
          ['workflow tasks per shipment, timed out', `${f(r.tasks.perShipment, 1)}, ${f(r.tasks.timedOutPerShipment, 2)} timed out`, `over ${r.tasks.histories} of the waiting ones' histories after the drain; each timed-out task is retried on the normal queue as a full replay (sticky queue timeout ${platform.config.WORKER_STICKY_TIMEOUT_MS / 1000} s, ${platform.config.WORKER_WORKFLOW_TASK_SLOTS} workflow task slots)`],
          ['drain of the waiting ones after releasing the milestones', r.completed < r.waiting ? `not drained in ${f(r.drainMs / 1000, 0)} s` : `${f(r.drainMs / 1000, 1)} s`, `${r.completed}/${r.waiting} waiting ones COMPLETED (${f(r.completed / (r.drainMs / 1000))}/s), ${r.completedAll}/${r.created} of all created; ${r.breaches} SLA breaches${r.breaches ? ' (the held border crossing passes its SLA while held)' : ''}`],
        ],
        notes: [
          `9610 shipments over the four corridors of the shared carrier engine (land–sea, post, rail–water, China–Laos; the China–Europe rail simulator has its own engine without the control), created by ${s.lanes} lanes as fast as the API takes them: admission control (api/admission.ts, on for this section only) answers 429 OVERLOADED with a Retry-After while the task queue is behind or more shipments are moving than the workers' caches hold (db/working-set.ts), and the client waits that long and retries; ${workers === 1 ? 'one worker, in the bench process' : `${workers} workers: one in the bench process, ${workers - 1} worker/main.ts process(es) (--scale-workers)`}; every one of those carrier simulators holds BORDER_CROSSED (POST /_control/milestones {"hold":["BORDER_CROSSED"]}, adapters/carrier/simulator.ts), so each shipment waits in transit; then {"hold":[]} sends every held milestone at once. Time box ${s.scaleTimeBoxMs / 60000} min for creating (first 70 %) and reaching transit. maxCachedWorkflows ${cache} over ${threads} workflow thread(s) for this section: beyond that many open shipments a shipment's next step replays its evicted history (about 65 ms of CPU for a 9610, measured by replaying its golden history 100 times); each cached shipment costs the process about 1.3 MB (the SDK's reusable context evaluates every module of the workflow bundle, 3.9 MB with the tracing modules, once per cached workflow), so the cache, not the runtime, bounds what one worker holds in memory. Drain window ${o.quick ? 2 : 30} min.`,
          `Setup: ${setup}.`,
        ],
      };
    });

    await section('3. API: create shipment vs a bare start route', async () => {
      const r = await apiBench({ ...platform, cpu: () => cpuNow({ temporal: platform.server.process.pid, simulators: platform.simulatorsPid }) }, { requests: s.apiRequests, rounds: s.apiRounds, concurrency: s.apiConcurrency });
      summary.api = `api ratio ${f(r.ratio)} (p99 ×${f(r.p99Factor)})`;
      const row = (x: typeof r.real) => `${f(x.rps, 0)} req/s`;
      const det = (x: typeof r.real) => `p50 ${f(x.p50, 1)} ms, p99 ${f(x.p99, 1)} ms, ${x.errors} non-2xx of ${x.requests}`;
      return {
        rows: [
          ['POST /v1/shipments (9610, five corridors)', row(r.real), det(r.real)],
          ['POST /_bench/start (starts a workflow, nothing else)', row(r.bare), det(r.bare)],
          ['throughput ratio (goal >= 0.8)', f(r.ratio), `p99 ×${f(r.p99Factor)} (goal <= 1.5)`],
          ['CPU per request, create vs bare', `${f(r.real.cpuMs.platform + r.real.cpuMs.temporal, 1)} vs ${f(r.bare.cpuMs.platform + r.bare.cpuMs.temporal, 1)} ms`, `bench process (API + load generator) ${f(r.real.cpuMs.platform, 1)} vs ${f(r.bare.cpuMs.platform, 1)} ms, Temporal server ${f(r.real.cpuMs.temporal, 1)} vs ${f(r.bare.cpuMs.temporal, 1)} (user + system, /proc; PostgreSQL not counted)`],
        ],
        notes: [
          `A closed-loop load generator (scripts/bench/api-load.ts, fetch on loopback) with ${s.apiConcurrency} concurrent requests, ${s.apiRequests} requests per route after 50 warm-up requests each, in ${s.apiRounds} alternating rounds (create, bare, bare, create, ...: the dev server slows as it fills, so neither route is measured wholly on the fuller server); each route's throughput is its requests over its own time. The bare route is registered only in the bench, on the same Fastify app (buildApp) before listen; both start their workflows on a task queue no worker polls at that moment (server work only), and every workflow either route started is terminated after the last round, so the sections after this one find an empty queue.`,
          `Setup: ${setup}; server ${serverRss().toFixed(0)} MiB RSS at the end.`,
        ],
      };
    });

    await section('7. Webhooks: the gates with an endpoint subscribed to every event, delivery latency and throughput', async () => {
      const h9610 = histories.find((h) => h.mode === '9610');
      if (!h9610) throw new Error('needs the 9610 history of section 2');
      const w = await webhookBench(platform, { shipments: s.shipments, lanes: s.lanes, plan: planOf(h9610.count), timeoutMs: 600_000, api: { requests: s.apiRequests, rounds: s.apiRounds, concurrency: s.apiConcurrency }, log: o.log });
      const side = (g: (x: typeof w.off) => string) => `${g(w.off)} | ${g(w.on)}`;
      return {
        rows: [
          ['actions / history per 9610 (no endpoint | one on every event)', side((x) => `${x.actions} / ${kb(x.historyBytes)} KB`), 'the outbox row is written in the projection statement (PostgreSQL): nothing in the workflow history'],
          ['end-to-end ratio vs bare (goal >= 0.8)', side((x) => f(x.e2e.makespanRatio)), side((x) => `${f(x.e2e.real.makespanRate)}/s vs bare ${f(x.e2e.bare.makespanRate)}/s, platform CPU ${f(x.e2e.real.cpu.platform, 0)} ms per shipment`)],
          ['API create vs bare start ratio (goal >= 0.8)', side((x) => f(x.api.ratio)), side((x) => `${f(x.api.real.rps, 0)} vs ${f(x.api.bare.rps, 0)} req/s, p99 ×${f(x.api.p99Factor)}`)],
          ['delivery latency, outbox commit → receiver', `p50 ${f(w.latency.p50, 0)} ms, p99 ${f(w.latency.p99, 0)} ms`, `${w.latency.count} events of the "on" run, max ${f(w.latency.max, 0)} ms, ${w.latency.missing} not arrived within 5 min; WEBHOOK_DELIVERY_MS 1000 (the default): a new event waits for the next round`],
          ['delivery throughput, a backlog to one endpoint', `${f(w.backlog.rate, 0)} events/s`, `${w.backlog.delivered} of ${w.backlog.queued} replayed events, WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT 4, the example receiver on loopback; ${w.backlog.duplicates} duplicates at the receivers`],
        ],
        notes: [
          `Run with no endpoint, then one endpoint (examples/webhook-receiver on loopback, signatures checked) subscribed to every event; each side: one 9610 measured as in section 2, section 1 (${s.shipments} shipments) and section 3 (${s.apiRequests} requests per route), the delivery loop in the API process (its CPU counts as the platform's). Latency: EnterpriseEvent.createdAt (the transaction's time, PostgreSQL clock on this machine) to the receiver's arrival time.`,
          `Setup: ${setup}.`,
        ],
      };
    });
  } catch (err) {
    if (!(err instanceof SkipPlatform)) {
      const message = err instanceof Error ? err.message : String(err);
      console.error(`bench: the platform failed: ${err instanceof Error ? err.stack : message}`);
      sections.push({ name: 'platform (sections 1–4)', rows: [], notes: [], error: message, seconds: 0 });
    }
  } finally {
    await p?.stop();
  }

  await section(`5. Statistics queries over ${s.statsShipments.toLocaleString('en')} seeded shipments`, async () => {
    const name = `cbec_bench_stats_${randomBytes(5).toString('hex')}`;
    await adminQuery(o.postgresUrl, `CREATE DATABASE ${name}`);
    const drop = () => adminQuery(o.postgresUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    cleanups.add(drop);
    try {
      const url = withDatabase(o.postgresUrl, name);
      await migrate(url);
      const r = await runStatsBench({ url, shipments: s.statsShipments, requests: s.statsRequests, warmup: 3, log: () => undefined });
      return {
        rows: r.rows.map((x) => [x.endpoint, `warm p50 ${f(x.warmP50, 1)} ms`, `cold p50 ${f(x.coldP50, 1)} / p95 ${f(x.coldP95, 1)} ms, warm p95 ${f(x.warmP95, 1)} ms, max ${f(x.max, 0)} ms`]),
        notes: [
          `${o.quick ? `QUICK: ${s.statsShipments.toLocaleString('en')} shipments, not the one million of the full run. ` : ''}Seeded with scripts/lib/seed.ts in ${f((r.seedMs ?? 0) / 1000, 1)} s (${r.seedMethod}); the logic of npm run bench:stats (scripts/bench/stats.ts), ${s.statsRequests} sequential requests per endpoint and pass after 3 warm-up; cold = rollup cache emptied before each request. Monthly refresh ${r.refreshMs} ms, report ${r.reportMs} ms.`,
          `Setup: ${cores} cores, PostgreSQL at ${new URL(o.postgresUrl).host} (scratch database, dropped), API in this process.`,
        ],
      };
    } finally {
      cleanups.delete(drop);
      await drop();
    }
  });

  await section('6. Time-skipped full lifecycle', async () => {
    const h = histories.find((x) => x.mode === '9810') ?? histories.find((x) => x.mode === '9610');
    if (!h) throw new Error('needs a recorded history of section 2');
    const { loadConfig } = await import('../../config/config.js');
    const r = await timeSkipped(loadConfig({ CBEC_ENV: 'development' }), h, 180_000);
    return {
      rows: [[`${r.mode} lifecycle at TIME_SCALE 1`, `${f(r.businessDays, 1)} business days in ${f(r.wallMs / 1000, 1)} s wall`, `workflow start → close in the server's skipped time; ${r.signals} signals, ${r.timersFired} timers fired${r.firedDays.length ? ` (${r.firedDays.join(', ')} days)` : ''}, ${r.actions.actions} actions; test server clock moved ${f(r.envDays, 1)} days; server start ${f(r.serverStartMs / 1000, 1)} s`]],
      notes: [
        'What ran: the real shipment workflow bundle on the time-skipping test server (TestWorkflowEnvironment.createTimeSkipping, executable existing-path .tools/bin/temporal-test-server) with TIME_SCALE 1, so the 9810 sales window (90 days) and polling sleeps are real business durations, skipped (its service levels are watched outside the workflow, api/sla-watch.ts, so it holds no SLA timers). Outside systems are a replay of the section-2 history of that mode: each activity answers what it answered then (per activity type, in order); its signals are sent in recorded order, gaps above 2 business days first waited in skipped time (minus a day for the recording\'s noise). A timer that fires means a wait ran to its end (sales window or polling).',
      ],
    };
  });

  const failed = sections.filter((x) => x.error);
  if (!o.only && !o.scale && !o.sizes) writeReport({ quick: o.quick, machine, sections, summary });
  printTable(sections);
  const last = `bench: ${summary.e2e ?? `end-to-end ratio n/a (section 1 ${wanted('1') ? 'failed' : 'not run'})`}; ${summary.api ?? `api ratio n/a${wanted('3') ? '' : ' (section 3 not run)'}`}; ${summary.actions ?? 'actions n/a'}${failed.length ? `; FAILED: ${failed.map((x) => x.name.split('.')[0]).join(', ')}` : ''}`;
  console.log(last);
  return failed.length === 0;
}

/** No section that needs the platform was asked for (--only). */
class SkipPlatform extends Error {}

function printTable(sections: Section[]): void {
  const rows: string[][] = [];
  for (const s of sections) {
    if (s.error) rows.push([s.name, 'FAILED', s.error.split('\n')[0]!.slice(0, 120)]);
    for (const r of s.rows) rows.push([`${s.name.split('.')[0]}. ${r[0] ?? ''}`, r[1] ?? '', (r[2] ?? '').slice(0, 140)]);
  }
  const w0 = Math.max(...rows.map((r) => r[0]!.length));
  const w1 = Math.max(...rows.map((r) => r[1]!.length));
  console.log('');
  for (const r of rows) console.log(`${r[0]!.padEnd(w0)}  ${r[1]!.padEnd(w1)}  ${r[2]}`);
  console.log('(details and setup: docs/benchmarks.md)\n');
}
