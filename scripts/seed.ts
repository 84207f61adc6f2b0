import { parseArgs } from 'node:util';
import { clearSeed, seed } from './lib/seed.js';

/**
 * `npm run seed -- --shipments N [--enterprises M] [--months 24] [--lines] [--seed 42]`: writes
 * N seeded shipments of M seeded enterprises over the last `months` months straight into the
 * database (COPY), replacing earlier seed data, then refreshes StatsMonthly.
 * `npm run seed -- --clear` removes all seed data. Needs DATABASE_URL (under `npm start` with the
 * embedded database: DATABASE_URL=postgresql://postgres@127.0.0.1:5433/postgres).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      shipments: { type: 'string' },
      enterprises: { type: 'string' },
      months: { type: 'string', default: '24' },
      lines: { type: 'boolean', default: false },
      seed: { type: 'string', default: '42' },
      clear: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const usage = 'usage: npm run seed -- --shipments N [--enterprises M] [--months 24] [--lines] [--seed 42] | --clear';
  if (values.help) return console.log(usage);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required (npm start with the embedded database: postgresql://postgres@127.0.0.1:5433/postgres)');
  const schema = process.env.DATABASE_SCHEMA || undefined;
  const log = (line: string) => console.log(`seed: ${line}`);
  if (values.clear) {
    const removed = await clearSeed(url, schema ? { schema } : {});
    return log(`removed ${removed.enterprises} seeded enterprises and ${removed.shipments} seeded shipments; StatsMonthly refreshed`);
  }
  const shipments = Number(values.shipments);
  if (!Number.isInteger(shipments) || shipments < 1 || shipments > 20_000_000) throw new Error(`--shipments must be a whole number from 1 to 20,000,000\n${usage}`);
  const enterprises = values.enterprises === undefined ? Math.min(500, Math.max(5, Math.ceil(shipments / 2000))) : Number(values.enterprises);
  if (!Number.isInteger(enterprises) || enterprises < 1 || enterprises > 9999) throw new Error(`--enterprises must be a whole number from 1 to 9,999\n${usage}`);
  const months = Number(values.months);
  if (!Number.isInteger(months) || months < 1 || months > 120) throw new Error('--months must be from 1 to 120');
  log(`${shipments.toLocaleString('en')} shipments of ${enterprises} enterprises over ${months} months`);
  const result = await seed(url, { shipments, enterprises, months, lines: values.lines, seed: Number(values.seed), now: Date.now() }, log, schema);
  log(`done in ${(result.totalMs / 1000).toFixed(1)} s (write ${(result.writeMs / 1000).toFixed(1)} s, rollup ${(result.rollupMs / 1000).toFixed(1)} s, ${result.method})`);
}

main().catch((err: unknown) => {
  console.error(`seed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
