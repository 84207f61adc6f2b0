import pg from 'pg';
import { copyFrom, copyRow } from '../../db/copy.js';
import { createDb } from '../../db/client.js';
import { refreshStatsMonths } from '../../db/statistics/index.js';
import { monthsBetween, periodOf, periodWindow } from '../../domain/statistics.js';
import { seedEnterprises } from './seed-enterprises.js';
import { SEED_PREFIX, type SeedOptions } from './seed-options.js';
import { ENTERPRISE_COLUMNS, enterpriseRow, LINE_COLUMNS, SHIPMENT_COLUMNS, type Row } from './seed-rows.js';
import { seedShipments, shiftPeriod } from './seed-shipments.js';

/**
 * Seed data for statistics (npm run seed): realistic volumes of enterprises and shipment
 * projection rows written in bulk, not through workflows. Everything seeded is marked: the
 * enterprises' ids start with `seed:` (their shipments are `shipment:seed:…`, their customs codes
 * `SEED…`, their inventory and declaration serials start with 8), so seed data never collides
 * with real data and `--clear` removes exactly it. Deterministic for a given `--seed`.
 *
 * PostgreSQL gets `COPY … FROM STDIN` (db/copy.ts); embedded PGlite, whose socket has no COPY,
 * gets multi-row INSERTs of 1,000 rows instead.
 */

export { SEED_PREFIX, type SeedOptions } from './seed-options.js';
export { apportion, rng } from './seed-sampling.js';
export { seedEnterprises, type SeedEnterprise } from './seed-enterprises.js';
export { ENTERPRISE_COLUMNS, enterpriseRow, LINE_COLUMNS, SHIPMENT_COLUMNS, type Row } from './seed-rows.js';
export { MODE_WEIGHTS, seedShipments, shiftPeriod } from './seed-shipments.js';

export interface SeedResult {
  enterprises: number;
  shipments: number;
  lines: number;
  method: 'copy' | 'insert';
  months: string[];
  writeMs: number;
  rollupMs: number;
  totalMs: number;
}

async function connect(databaseUrl: string, schema?: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  if (schema) await client.query(`SET search_path TO "${schema.replace(/"/g, '')}"`);
  return client;
}

async function isPglite(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ version: string }>('SELECT version() AS version');
  return /PGlite/i.test(rows[0]?.version ?? '');
}

const table = (name: string, columns: readonly string[]) => `"${name}" (${columns.map((c) => `"${c}"`).join(', ')})`;

/** Writes rows with COPY (PostgreSQL) or batched INSERTs (PGlite). */
async function bulkWrite(client: pg.Client, method: 'copy' | 'insert', name: string, columns: readonly string[], rows: Iterable<Row>): Promise<number> {
  if (method === 'copy') {
    const text = (function* () {
      for (const row of rows) yield copyRow(row);
    })();
    return copyFrom(client, `COPY ${table(name, columns)} FROM STDIN`, text);
  }
  let batch: Row[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const values = batch.map((_, i) => `(${columns.map((__, j) => `$${i * columns.length + j + 1}`).join(', ')})`).join(', ');
    await client.query(`INSERT INTO ${table(name, columns)} VALUES ${values}`, batch.flat());
    count += batch.length;
    batch = [];
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= 1000) await flush();
  }
  await flush();
  return count;
}

/** Removes every seeded row (and refreshes the rolled-up months it was counted in). */
export async function clearSeed(databaseUrl: string, opts: { schema?: string; now?: number } = {}): Promise<{ enterprises: number; shipments: number }> {
  const client = await connect(databaseUrl, opts.schema);
  let result: { enterprises: number; shipments: number };
  try {
    await client.query('BEGIN');
    const like = `shipment:${SEED_PREFIX}%`;
    await client.query('DELETE FROM "ShipmentLine" WHERE "shipmentId" LIKE $1', [like]);
    await client.query('DELETE FROM "ShipmentEvent" WHERE "shipmentId" LIKE $1', [like]);
    await client.query('DELETE FROM "ShipmentDocument" WHERE "shipmentId" LIKE $1', [like]);
    const shipments = await client.query('DELETE FROM "Shipment" WHERE "enterpriseId" LIKE $1', [`${SEED_PREFIX}%`]);
    await client.query('DELETE FROM "ApiKey" WHERE "enterpriseId" LIKE $1', [`${SEED_PREFIX}%`]);
    const enterprises = await client.query('DELETE FROM "Enterprise" WHERE "id" LIKE $1', [`${SEED_PREFIX}%`]);
    await client.query('COMMIT');
    result = { enterprises: enterprises.rowCount ?? 0, shipments: shipments.rowCount ?? 0 };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
  if (result.shipments > 0) {
    const db = createDb(databaseUrl, { ...(opts.schema ? { schema: opts.schema } : {}), poolSize: 1 });
    try {
      const now = opts.now ?? Date.now();
      const periods = await db.statsMonthly.findMany({ where: { period: { lt: periodOf(now) } }, distinct: ['period'], select: { period: true } });
      await refreshStatsMonths(db, periods.map((p) => p.period), now);
    } finally {
      await db.$disconnect();
    }
  }
  return result;
}

/**
 * Replaces the seed data with a new set: removes earlier seed rows, writes the enterprises, the
 * shipments (and lines) in one transaction, analyses the tables, then refreshes StatsMonthly
 * for every closed month of the seeded range.
 */
export async function seed(databaseUrl: string, opts: SeedOptions, log: (line: string) => void = () => undefined, schema?: string): Promise<SeedResult> {
  const started = Date.now();
  const cleared = await clearSeed(databaseUrl, { ...(schema ? { schema } : {}), now: opts.now });
  if (cleared.shipments || cleared.enterprises) log(`removed earlier seed data: ${cleared.enterprises} enterprises, ${cleared.shipments} shipments`);
  const current = periodOf(opts.now);
  const months = monthsBetween(shiftPeriod(current, -(opts.months - 1)), current);
  const enterprises = seedEnterprises(opts, periodWindow(months[0]!).start);
  const client = await connect(databaseUrl, schema);
  const method = (await isPglite(client)) ? 'insert' : 'copy';
  let shipments = 0;
  let lines = 0;
  const writeStarted = Date.now();
  try {
    await client.query('BEGIN');
    await bulkWrite(client, method, 'Enterprise', ENTERPRISE_COLUMNS, enterprises.map(enterpriseRow));
    const progressEvery = Math.max(100_000, Math.ceil(opts.shipments / 10));
    const rows = (function* () {
      for (const { shipment } of seedShipments({ ...opts, lines: false }, enterprises)) {
        if (++shipments % progressEvery === 0) log(`  ${shipments.toLocaleString('en')} shipments written`);
        yield shipment;
      }
    })();
    await bulkWrite(client, method, 'Shipment', SHIPMENT_COLUMNS, rows);
    if (opts.lines) {
      // a second pass of the same deterministic generator, so no row is kept in memory
      const lineRows = (function* () {
        for (const { line } of seedShipments(opts, enterprises)) if (line) yield line;
      })();
      lines = await bulkWrite(client, method, 'ShipmentLine', LINE_COLUMNS, lineRows);
    }
    await client.query('COMMIT');
    await client.query('ANALYZE "Enterprise"');
    await client.query('ANALYZE "Shipment"');
    if (opts.lines) await client.query('ANALYZE "ShipmentLine"');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
  const writeMs = Date.now() - writeStarted;
  log(`wrote ${enterprises.length} enterprises, ${shipments.toLocaleString('en')} shipments${opts.lines ? `, ${lines.toLocaleString('en')} lines` : ''} with ${method === 'copy' ? 'COPY' : 'INSERT'} in ${(writeMs / 1000).toFixed(1)} s`);

  const rollupStarted = Date.now();
  const db = createDb(databaseUrl, { ...(schema ? { schema } : {}), poolSize: 1 });
  try {
    await refreshStatsMonths(db, months.filter((p) => p < current), opts.now);
    await db.$executeRawUnsafe('ANALYZE "StatsMonthly"');
  } finally {
    await db.$disconnect();
  }
  const rollupMs = Date.now() - rollupStarted;
  log(`refreshed StatsMonthly for ${months.length - 1} closed months in ${(rollupMs / 1000).toFixed(1)} s`);
  return { enterprises: enterprises.length, shipments, lines, method, months, writeMs, rollupMs, totalMs: Date.now() - started };
}
