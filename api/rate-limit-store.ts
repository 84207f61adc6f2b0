import { Prisma, type Db } from '../db/client.js';
import { coalesced } from '../db/coalesce.js';
import { execute, queryRows } from '../db/sql.js';

type Callback = (err: Error | null, result?: { current: number; ttl: number }) => void;

/** Old windows are deleted at most this often per process. */
const SWEEP_EVERY_MS = 60_000;

/** The fixed window that `now` falls in, aligned on the epoch (every replica agrees on it). */
export function rateWindow(now: number, timeWindow: number): { start: number; end: number } {
  const start = Math.floor(now / timeWindow) * timeWindow;
  return { start, end: start + timeWindow };
}

/**
 * The one counting statement: `rows` selects (key, windowStart, n, expiresAt) tuples; each adds n
 * requests to its key's window by an atomic upsert, returning the key, window and count after it.
 */
function addCountsSql(rows: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
    ${rows}
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitCounter"."count" + EXCLUDED."count"
    RETURNING "key", "windowStart", "count"`;
}

/**
 * One more request for the key in the window, the count after it. `key` is SQL so that another
 * statement can count the key it finds (api/auth.ts enterpriseKeyOf), with `from` the rows it
 * selects from (the key counted once per row).
 */
export function countRequestSql(key: Prisma.Sql, window: { start: number; end: number }, from: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return addCountsSql(Prisma.sql`SELECT ${key}, ${BigInt(window.start)}, 1, ${new Date(window.end)} ${from}`);
}

/** A count that a request's own lookup made already (in the same statement), for the store to answer with. */
export interface Precounted {
  key: string;
  windowStart: number;
  count: number;
}

/**
 * A @fastify/rate-limit store in PostgreSQL (RateLimitCounter), shared by every API replica:
 * fixed windows aligned on the epoch (every replica agrees on the window), one row per key and
 * window, incremented by one atomic upsert (addCountsSql: INSERT … ON CONFLICT DO UPDATE … RETURNING), so two
 * replicas never lose a count. Keys name identities (`enterprise:<id>`, `ops:<person>`,
 * `callback:<system>`, `addr:<ip>`), never a key or a header.
 *
 * `precount` hands over a count made by the statement that looked the caller up (an enterprise
 * key: one round trip instead of two on every authenticated request); the next `incr` of that key
 * in that window answers with it instead of counting again. `clock` places requests in windows
 * (tests start theirs at a window's beginning instead of waiting for one).
 */
export function pgRateLimitStore(db: Db, clock: () => number = Date.now) {
  let sweptAt = 0;
  const sweep = (now: number) => {
    if (now - sweptAt < SWEEP_EVERY_MS) return;
    sweptAt = now;
    execute(db, Prisma.sql`DELETE FROM "RateLimitCounter" WHERE "expiresAt" < ${new Date(now)}`).catch(() => undefined);
  };
  // requests counted while a count is in flight go together in the next statement; each still
  // gets its own count (n requests of one key: the n counts up to the new total, in order)
  const count = coalesced(async (items: { key: string; window: { start: number; end: number } }[]) => {
    const byKey = new Map<string, { key: string; window: { start: number; end: number }; n: number }>();
    for (const i of items) {
      const g = byKey.get(`${i.window.start}:${i.key}`);
      if (g) g.n += 1;
      else byKey.set(`${i.window.start}:${i.key}`, { ...i, n: 1 });
    }
    const groups = [...byKey.values()];
    const rows = await queryRows<{ key: string; windowStart: bigint; count: number }>(
      db,
      addCountsSql(
        Prisma.sql`SELECT * FROM unnest(${groups.map((g) => g.key)}::text[], ${groups.map((g) => BigInt(g.window.start))}::bigint[], ${groups.map((g) => g.n)}::int[], ${groups.map((g) => new Date(g.window.end))}::timestamp[])`,
      ),
    );
    const totals = new Map(rows.map((r) => [`${r.windowStart}:${r.key}`, Number(r.count)]));
    const given = new Map<string, number>();
    return items.map((i) => {
      const k = `${i.window.start}:${i.key}`;
      const before = given.get(k) ?? 0;
      given.set(k, before + 1);
      const n = byKey.get(k)!.n;
      return (totals.get(k) ?? n) - n + before + 1;
    });
  });
  const precounted = new Map<string, Precounted[]>();
  const takePrecount = (key: string, windowStart: number): number | undefined => {
    // counts of a window past are dropped: the request is counted again in this one
    const queue = precounted.get(key)?.filter((p) => p.windowStart >= windowStart);
    const i = queue?.findIndex((p) => p.windowStart === windowStart) ?? -1;
    const taken = queue && i >= 0 ? queue.splice(i, 1)[0] : undefined;
    if (queue?.length) precounted.set(key, queue);
    else precounted.delete(key);
    return taken?.count;
  };

  return class PgRateLimitStore {
    static precount(p: Precounted): void {
      const queue = precounted.get(p.key);
      if (queue) queue.push(p);
      else precounted.set(p.key, [p]);
    }

    incr(key: string, cb: Callback, timeWindow: number): void {
      const now = clock();
      const window = rateWindow(now, timeWindow);
      const ttl = window.end - now;
      const counted = takePrecount(key, window.start);
      if (counted !== undefined) {
        cb(null, { current: counted, ttl });
        return;
      }
      count({ key, window }).then(
        (current) => cb(null, { current, ttl }),
        (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
      );
      sweep(Date.now()); // housekeeping by the wall clock: a test clock ahead of it must not delete live windows
    }

    child(): PgRateLimitStore {
      return new PgRateLimitStore();
    }
  };
}
