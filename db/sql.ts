import pg from 'pg';
import { Prisma } from './generated/client.js';

/**
 * Raw SQL on the node-postgres pool under a Prisma client, for the statements every shipment
 * runs dozens of times (callbacks, projection writes, the create path). Prisma's `$queryRaw`
 * spends 0.3–0.4 ms of CPU a statement in its engine and its (de)serialization around the same
 * pool's work: 448–558 µs against 146–147 µs of process CPU a query, measured with 8 lanes
 * sending 3,000 six-column SELECTs each way (2026-12-07). The platform process runs about 95
 * statements a 9610 shipment (API and worker: callbacks, projection writes, documents), two
 * thirds of them here.
 *
 * The values come back as `$queryRaw` gives them (numeric as Prisma.Decimal, int8 as bigint,
 * timestamp and date as Date in UTC, json parsed, bytea as Uint8Array: db/sql.test.ts compares the
 * two), and arguments go as Prisma's pg adapter sends them (a Date as its UTC time without zone).
 * A client that was not made by createDb (an interactive transaction's `tx`) runs the statement
 * through Prisma, inside its transaction.
 */

/** What runs raw SQL: a client of createDb, or a transaction's client. */
export type SqlRunner = Pick<Prisma.TransactionClient, '$queryRaw' | '$executeRaw'>;

const pools = new WeakMap<object, pg.Pool>();

/** Called by createDb: statements on `db` may go straight to `pool`. */
export function registerPool(db: object, pool: pg.Pool): void {
  pools.set(db, pool);
}

/** The rows of a statement. */
export async function queryRows<T>(db: SqlRunner, query: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool) return db.$queryRaw<T[]>(query);
  const result = await pool.query<T & pg.QueryResultRow>({ text: query.text, values: query.values.map(toArg), types: PRISMA_TYPES });
  return result.rows;
}

/** The number of rows a statement changed. */
export async function execute(db: SqlRunner, query: Prisma.Sql): Promise<number> {
  const pool = pools.get(db);
  if (!pool) return db.$executeRaw(query);
  const result = await pool.query({ text: query.text, values: query.values.map(toArg), types: PRISMA_TYPES });
  return result.rowCount ?? 0;
}

/** As Prisma's pg adapter sends an argument: dates as their UTC time without a zone, decimals and bigints as text. */
function toArg(value: unknown): unknown {
  if (value instanceof Date) return utcTimestamp(value);
  if (Array.isArray(value)) return value.map(toArg);
  if (typeof value === 'bigint') return value.toString();
  if (Prisma.Decimal.isDecimal(value)) return (value as Prisma.Decimal).toString();
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

function utcTimestamp(d: Date): string {
  const p = (n: number, z = 2) => String(n).padStart(z, '0');
  const ms = d.getUTCMilliseconds();
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${ms ? `.${p(ms, 3)}` : ''}`;
}

const { builtins } = pg.types;
const TEXT_ARRAY = 1009 as Parameters<typeof pg.types.getTypeParser>[0];
/** An array of `parse`d elements, read as text[] first. */
const arrayOf = (parse: (s: string) => unknown) => (s: string) => (pg.types.getTypeParser(TEXT_ARRAY) as (s: string) => (string | null)[])(s).map((x) => (x === null ? null : parse(x)));
const utcDate = (s: string) => new Date(`${s.replace(' ', 'T')}Z`);
const bytes = (s: string) => new Uint8Array((pg.types.getTypeParser(builtins.BYTEA) as (s: string) => Buffer)(s));

/** Text-format parsers giving what `$queryRaw` gives, by type oid; the others are node-postgres's own. */
const PARSERS: Record<number, (s: string) => unknown> = {
  [builtins.INT8]: (s) => BigInt(s),
  1016: arrayOf((s) => BigInt(s)),
  [builtins.NUMERIC]: (s) => new Prisma.Decimal(s),
  1231: arrayOf((s) => new Prisma.Decimal(s)),
  [builtins.TIMESTAMP]: utcDate,
  1115: arrayOf(utcDate),
  [builtins.DATE]: (s) => new Date(`${s}T00:00:00Z`),
  1182: arrayOf((s) => new Date(`${s}T00:00:00Z`)),
  [builtins.TIME]: (s) => new Date(`1970-01-01T${s}Z`),
  [builtins.BYTEA]: bytes,
};

const PRISMA_TYPES = {
  getTypeParser: ((oid: number, format?: string) => (format !== 'binary' && PARSERS[oid]) || pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};
