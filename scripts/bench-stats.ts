import { parseArgs } from 'node:util';
import { runStatsBench } from './bench/stats.js';

/**
 * `npm run bench:stats -- [--shipments 1000000] [--requests 100]`: latency of every statistics
 * endpoint over HTTP against DATABASE_URL (seeded first when --shipments is given), sequential
 * requests after a warm-up; prints p50, p95 and max per endpoint. The API runs in this process
 * (Temporal is not needed for these reads). The logic is scripts/bench/stats.ts (also section 5
 * of `npm run bench`).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { shipments: { type: 'string' }, requests: { type: 'string', default: '100' }, warmup: { type: 'string', default: '5' } } });
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required (a database seeded with npm run seed, or give --shipments N)');
  await runStatsBench({
    url,
    schema: process.env.DATABASE_SCHEMA || undefined,
    ...(values.shipments ? { shipments: Number(values.shipments) } : {}),
    requests: Number(values.requests),
    warmup: Number(values.warmup),
    log: (line) => console.log(line),
  });
}

main().catch((err: unknown) => {
  console.error(`bench:stats: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
