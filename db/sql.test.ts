import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma, type Db } from './client.js';
import { execute, queryRows } from './sql.js';
import { createTestDatabase } from '../test/support/db.js';

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
});
afterAll(() => t.drop());

const at = new Date('2026-12-07T19:54:09.111Z');

// every type the platform's raw statements return, and each kind of argument they pass
const everyType = () => Prisma.sql`
  SELECT 'text'::text AS "text", 42::int4 AS "int4", 9007199254740993::int8 AS "int8", 12.34500::numeric AS "numeric",
    1.5::float8 AS "float8", true AS "bool", ${at}::timestamp AS "timestamp", ${at}::timestamptz AS "timestamptz",
    ${at}::date AS "date", '{"a":[1,"x"]}'::jsonb AS "jsonb", json_build_object('b', null) AS "json", ARRAY['a', NULL]::text[] AS "texts",
    ARRAY[1, 2]::int8[] AS "int8s", ARRAY[1.10, 2]::numeric[] AS "numerics", ARRAY[${at}::timestamp] AS "timestamps",
    '\\x0102ff'::bytea AS "bytea", NULL::text AS "none", ${BigInt(7)}::bigint AS "bigintArg", ${new Prisma.Decimal('0.1')}::numeric AS "decimalArg",
    ${['x', 'y']}::text[] AS "textArrayArg", ${[at, at]}::timestamp[] AS "dateArrayArg", ${JSON.stringify({ k: 'v' })}::jsonb AS "jsonArg"`;

describe('raw SQL on the pool (db/sql.ts)', () => {
  it('returns every value as Prisma $queryRaw returns it', async () => {
    const [viaPrisma] = await db.$queryRaw<Record<string, unknown>[]>(everyType());
    const [direct] = await queryRows<Record<string, unknown>>(db, everyType());
    expect(direct).toEqual(viaPrisma);
    // spot checks of what the platform's code relies on
    expect(direct!.int8).toBe(9007199254740993n);
    expect(direct!.numeric).toBeInstanceOf(Prisma.Decimal);
    expect((direct!.timestamp as Date).toISOString()).toBe(at.toISOString());
    expect((direct!.date as Date).toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(direct!.jsonb).toEqual({ a: [1, 'x'] });
    expect(direct!.texts).toEqual(['a', null]);
  });

  it('counts the rows a statement changed and runs a transaction client through Prisma', async () => {
    const key = `sql-test-${Date.now()}`;
    const insert = () => Prisma.sql`INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt") VALUES (${key}, ${BigInt(1)}, 1, ${at}) ON CONFLICT DO NOTHING`;
    expect(await execute(db, insert())).toBe(1);
    expect(await execute(db, insert())).toBe(0);
    await expect(db.$transaction(async (tx) => {
      expect(await execute(tx, Prisma.sql`DELETE FROM "RateLimitCounter" WHERE "key" = ${key}`)).toBe(1);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    const rows = await queryRows<{ expiresAt: Date }>(db, Prisma.sql`SELECT "expiresAt" FROM "RateLimitCounter" WHERE "key" = ${key}`);
    expect(rows.map((r) => r.expiresAt.toISOString())).toEqual([at.toISOString()]);
  });
});
