import { DefaultLogger, Runtime } from '@temporalio/worker';
import { cleanups } from './bench/platform.js';
import { runBenchmarks, type BenchOptions } from './bench/run.js';

/**
 * `npm run bench [-- --quick]`: the platform's benchmarks (issue 7), written to docs/benchmarks.md:
 * end-to-end throughput vs a bare Temporal workflow, Temporal actions per shipment and mode, API
 * create latency vs a bare start route, many open shipments on one worker, statistics queries
 * over seeded shipments, a time-skipped lifecycle. Needs PostgreSQL (POSTGRES_URL, default
 * postgresql://root@127.0.0.1:5432/postgres; scratch databases are dropped) and the Temporal CLI
 * and test server in .tools/. Not part of `npm test`. Exit 1 when a section failed.
 */
const USAGE = 'usage: npm run bench -- [--quick] [--only 1,3] [--shipments N] [--api-requests N] [--scale-target N] [--scale-minutes M] [--scale-cache C] [--scale-threads T] [--scale-workers N]   (--quick: smaller sizes, under 5 minutes; --only: these sections, printed, docs/benchmarks.md untouched; --shipments, --api-requests: sections 1, 3 and 7 sizes, printed only; --scale-*: section 4\'s open shipments, time box, worker cache, workflow threads and worker processes (N-1 extra worker/main.ts processes), printed only)';

function parse(argv: string[]): Pick<BenchOptions, 'quick' | 'only' | 'scale' | 'sizes'> {
  let quick = false;
  const sizes: NonNullable<BenchOptions['sizes']> = {};
  const sizeFlags = { '--shipments': 'shipments', '--api-requests': 'apiRequests' } as const;
  let only: Set<string> | undefined;
  const scale: NonNullable<BenchOptions['scale']> = {};
  const flags = { '--scale-target': 'target', '--scale-minutes': 'minutes', '--scale-cache': 'cache', '--scale-threads': 'threads', '--scale-workers': 'workers' } as const;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--only') {
      const list = (argv[++i] ?? '').split(',').map((x) => x.trim());
      if (!list.length || list.some((x) => !/^[1-7]$/.test(x))) {
        console.error(`bench: --only takes section numbers 1–7, e.g. --only 1,3\n${USAGE}`);
        process.exit(2);
      }
      only = new Set(list);
    }
    else if (arg in sizeFlags) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) {
        console.error(`bench: ${arg} takes a whole number above 0\n${USAGE}`);
        process.exit(2);
      }
      sizes[sizeFlags[arg as keyof typeof sizeFlags]] = value;
    } else if (arg in flags) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) {
        console.error(`bench: ${arg} takes a whole number above 0\n${USAGE}`);
        process.exit(2);
      }
      scale[flags[arg as keyof typeof flags]] = value;
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`bench: unknown option ${arg}\n${USAGE}`);
      process.exit(2);
    }
  }
  return { quick, ...(only ? { only } : {}), ...(Object.keys(scale).length ? { scale } : {}), ...(Object.keys(sizes).length ? { sizes } : {}) };
}

const { quick, only, scale, sizes } = parse(process.argv.slice(2));
// SDK core warnings (e.g. TMPRL1104 slow workflow tasks under load) would flood the table: errors only
Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: 'ERROR', forward: {} } } });
const options: BenchOptions = {
  quick,
  ...(only ? { only } : {}),
  ...(scale ? { scale } : {}),
  ...(sizes ? { sizes } : {}),
  postgresUrl: process.env.POSTGRES_URL ?? 'postgresql://root@127.0.0.1:5432/postgres',
  log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
};
// Ctrl-C: stop the servers and drop the scratch databases this run started
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`bench: ${signal}, cleaning up`);
    void Promise.allSettled([...cleanups].map((c) => c())).then(() => process.exit(130));
  });
}
try {
  const ok = await runBenchmarks(options);
  process.exit(ok ? 0 : 1);
} catch (err) {
  console.error(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  console.log('bench: end-to-end ratio n/a (the run failed before measuring)');
  process.exit(1);
}
