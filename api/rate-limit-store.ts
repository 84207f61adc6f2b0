import type { Db } from '../db/client.js';

type Callback = (err: Error | null, result?: { current: number; ttl: number }) => void;

/** Old windows are deleted at most this often per process. */
const SWEEP_EVERY_MS = 60_000;

/**
 * A @fastify/rate-limit store in PostgreSQL (RateLimitCounter), shared by every API replica:
 * fixed windows aligned on the epoch (every replica agrees on the window), one row per key and
 * window, incremented by one atomic upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING), so two
 * replicas never lose a count. Keys name identities (`enterprise:<id>`, `ops:<person>`,
 * `callback:<system>`, `addr:<ip>`), never a key or a header.
 */
export function pgRateLimitStore(db: Db) {
  let sweptAt = 0;
  const sweep = (now: number) => {
    if (now - sweptAt < SWEEP_EVERY_MS) return;
    sweptAt = now;
    db.$executeRaw`DELETE FROM "RateLimitCounter" WHERE "expiresAt" < ${new Date(now)}`.catch(() => undefined);
  };

  return class PgRateLimitStore {
    incr(key: string, cb: Callback, timeWindow: number): void {
      const now = Date.now();
      const windowStart = Math.floor(now / timeWindow) * timeWindow;
      const end = windowStart + timeWindow;
      db.$queryRaw<{ count: number }[]>`
        INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
        VALUES (${key}, ${BigInt(windowStart)}, 1, ${new Date(end)})
        ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitCounter"."count" + 1
        RETURNING "count"`.then(
        (rows) => cb(null, { current: Number(rows[0]?.count ?? 1), ttl: end - now }),
        (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
      );
      sweep(now);
    }

    child(): PgRateLimitStore {
      return new PgRateLimitStore();
    }
  };
}
