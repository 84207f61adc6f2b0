import { createHash, createHmac } from 'node:crypto';
import { normaliseResidentId } from '../domain/import/identity.js';
import { Prisma, type Db } from './client.js';

/**
 * The retail-import annual quota (docs/reference/domain-rules.md §2.1) per orderer and calendar year, kept so
 * that the annual limit holds under concurrency: two orders racing for the last of a buyer's
 * quota never both pass. Each order reserves its amount under an id of the caller's (the
 * idempotency key: a retried reservation counts once), confirms it when customs releases the
 * goods, and releases it when the order is cancelled or refused or the goods are returned within
 * the return window (the quota is then restored, §1.6 step 8). A released id is single-use: it
 * was an order. A claim whose order never came to exist (the creation was refused or undone) is
 * *withdrawn* instead: the quota is restored and the same id may reserve again, any buyer or
 * amount, as its next `attempt` (which keys the attempt's stock movements).
 *
 * Correctness rests on PostgreSQL, not on reads in JS:
 * - reserve: one READ COMMITTED transaction that first inserts the reservation row (a second
 *   transaction with the same id waits on its primary key, then sees it and replays), then adds
 *   the amount with `INSERT … ON CONFLICT DO UPDATE … WHERE used + amount <= limit`; the upsert
 *   locks the buyer's row and re-checks the condition on the latest committed value, so racing
 *   reservations are serialised per buyer and year. If the condition fails, the reservation row
 *   is deleted in the same transaction and nothing is counted. An existing row is read `FOR
 *   UPDATE`: a WITHDRAWN one reserves anew (the amount is counted first, then the row takes the
 *   new buyer, amount and attempt + 1; a racing twin waits on the row and then replays it);
 * - release: one statement whose CTE flips the reservation to RELEASED only from RESERVED or
 *   CONFIRMED and subtracts exactly that reservation's amount, so a repeated or racing release
 *   restores the quota once; withdraw likewise, from RESERVED and only for the attempt named.
 * Locks are taken in the same order everywhere (reservation, then quota row): no deadlocks.
 *
 * Amounts are CNY decimals with at most 2 places, passed as strings to SQL numeric (no floats).
 * Buyer IDs appear here only as `hashBuyerId` hashes, never in clear.
 */

export type QuotaStatus = 'RESERVED' | 'CONFIRMED' | 'RELEASED' | 'WITHDRAWN';

/**
 * SHA-256 (hex) of the normalised ID number. ⚠ An 18-digit resident ID has little entropy
 * (address × birth date × sequence), so a plain hash can be reversed by enumeration: pass a
 * secret `key` (kept out of the database) to get HMAC-SHA-256 instead. Once chosen, the scheme must
 * stay the same, or the quota of earlier orders is no longer found.
 */
export function hashBuyerId(idNumber: string, opts: { key?: string } = {}): string {
  const id = normaliseResidentId(idNumber);
  if (id === '') throw new RangeError('empty buyer id');
  return (opts.key ? createHmac('sha256', opts.key) : createHash('sha256')).update(id, 'utf8').digest('hex');
}

export interface ReserveQuotaInput {
  /** The caller's idempotency key, e.g. the order's workflow id. */
  reservationId: string;
  buyerIdHash: string;
  /** Calendar year the quota is counted in (domain/import/limits.ts `quotaYear`). */
  year: number;
  amountCny: string | number;
  /** From the regime in force (domain/import/rates.ts `ratesOn(date).annualLimitFen`). */
  annualLimitCny: string | number;
}

export type ReserveQuotaResult =
  /** `attempt`: 1 for a first claim, +1 for each claim after a withdrawal (a replay answers the current one). */
  | { ok: true; reservationId: string; status: 'RESERVED' | 'CONFIRMED'; attempt: number; usedCny: string; replayed: boolean }
  /** The amount does not fit: nothing was recorded; the same id may be tried again later. */
  | { ok: false; reason: 'OVER_ANNUAL_LIMIT'; usedCny: string; remainingCny: string }
  /** The id was reserved and then released (its order existed): single-use, an order retried anew needs a new one. */
  | { ok: false; reason: 'ALREADY_RELEASED'; usedCny: string };

/** The reservation id exists for another buyer, year or amount: a caller bug, never retried. */
export class QuotaReservationConflict extends Error {
  readonly code = 'QUOTA_RESERVATION_CONFLICT';
  constructor(reservationId: string) {
    super(`quota reservation ${reservationId} already exists with other buyer, year or amount`);
  }
}

/** A status change the reservation cannot make (e.g. confirming a released one) or an unknown id. */
export class QuotaStateError extends Error {
  readonly code = 'QUOTA_STATE';
}

const TX = { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted, maxWait: 30_000, timeout: 30_000 };

export async function reserveQuota(db: Db, input: ReserveQuotaInput): Promise<ReserveQuotaResult> {
  const amount = cny(input.amountCny, 'amountCny');
  const limit = cny(input.annualLimitCny, 'annualLimitCny');
  if (Number(amount) <= 0) throw new RangeError('amountCny must be > 0');
  if (!Number.isSafeInteger(input.year)) throw new RangeError(`year must be an integer, got ${input.year}`);
  if (!/^[0-9a-f]{64}$/.test(input.buyerIdHash)) throw new RangeError('buyerIdHash must be a hex SHA-256 (hashBuyerId), never a clear id');
  const { reservationId: id, buyerIdHash: hash, year } = input;

  return db.$transaction(async (tx) => {
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "QuotaReservation" ("id", "buyerIdHash", "year", "amountCny", "status", "createdAt", "updatedAt")
      VALUES (${id}, ${hash}, ${year}, ${amount}::numeric(19,2), 'RESERVED', now(), now())
      ON CONFLICT ("id") DO NOTHING
      RETURNING "id"`;

    let withdrawn = false;
    if (inserted.length === 0) {
      const [prior] = await tx.$queryRaw<{ buyerIdHash: string; year: number; amount: string; status: QuotaStatus; attempt: number }[]>`
        SELECT "buyerIdHash", "year", "amountCny"::text AS amount, "status", "attempt" FROM "QuotaReservation" WHERE "id" = ${id} FOR UPDATE`;
      withdrawn = prior?.status === 'WITHDRAWN';
      if (!withdrawn) {
        if (!prior || prior.buyerIdHash !== hash || prior.year !== year || prior.amount !== amount) throw new QuotaReservationConflict(id);
        const usedCny = await used(tx, hash, year);
        if (prior.status === 'RELEASED') return { ok: false, reason: 'ALREADY_RELEASED', usedCny };
        return { ok: true, reservationId: id, status: prior.status as 'RESERVED' | 'CONFIRMED', attempt: prior.attempt, usedCny, replayed: true };
      }
    }

    const counted = await tx.$queryRaw<{ used: string }[]>`
      INSERT INTO "BuyerQuota" ("buyerIdHash", "year", "usedCny", "updatedAt")
      SELECT ${hash}, ${year}, ${amount}::numeric(19,2), now()
      WHERE ${amount}::numeric(19,2) <= ${limit}::numeric(19,2)
      ON CONFLICT ("buyerIdHash", "year") DO UPDATE
        SET "usedCny" = "BuyerQuota"."usedCny" + EXCLUDED."usedCny", "updatedAt" = now()
        WHERE "BuyerQuota"."usedCny" + EXCLUDED."usedCny" <= ${limit}::numeric(19,2)
      RETURNING "usedCny"::text AS used`;

    const row = counted[0];
    if (row && !withdrawn) return { ok: true, reservationId: id, status: 'RESERVED', attempt: 1, usedCny: row.used, replayed: false };
    if (row) {
      const [again] = await tx.$queryRaw<{ attempt: number }[]>`
        UPDATE "QuotaReservation"
        SET "buyerIdHash" = ${hash}, "year" = ${year}, "amountCny" = ${amount}::numeric(19,2), "status" = 'RESERVED', "attempt" = "attempt" + 1, "updatedAt" = now()
        WHERE "id" = ${id} AND "status" = 'WITHDRAWN'
        RETURNING "attempt"`;
      return { ok: true, reservationId: id, status: 'RESERVED', attempt: again!.attempt, usedCny: row.used, replayed: false };
    }

    // a withdrawn row stays as it was (still withdrawn, same attempt); a new one leaves nothing
    if (!withdrawn) await tx.$executeRaw`DELETE FROM "QuotaReservation" WHERE "id" = ${id}`;
    const usedCny = await used(tx, hash, year);
    const [rem] = await tx.$queryRaw<{ remaining: string }[]>`
      SELECT GREATEST(${limit}::numeric(19,2) - ${usedCny}::numeric(19,2), 0)::text AS remaining`;
    return { ok: false, reason: 'OVER_ANNUAL_LIMIT', usedCny, remainingCny: rem?.remaining ?? '0.00' };
  }, TX);
}

/** RESERVED → CONFIRMED (customs released the goods). Idempotent; a released one cannot be confirmed. */
export async function confirmQuota(db: Db, reservationId: string): Promise<'CONFIRMED'> {
  const rows = await db.$queryRaw<{ status: QuotaStatus }[]>`
    UPDATE "QuotaReservation" SET "status" = 'CONFIRMED', "updatedAt" = now()
    WHERE "id" = ${reservationId} AND "status" = 'RESERVED'
    RETURNING "status"`;
  if (rows.length > 0) return 'CONFIRMED';
  const [row] = await db.$queryRaw<{ status: QuotaStatus }[]>`SELECT "status" FROM "QuotaReservation" WHERE "id" = ${reservationId}`;
  if (row?.status === 'CONFIRMED') return 'CONFIRMED';
  throw new QuotaStateError(row ? `quota reservation ${reservationId} is ${row.status}, cannot confirm` : `no quota reservation ${reservationId}`);
}

export interface ReleaseQuotaResult {
  /** Whether this call restored the quota (false when already released or never reserved). */
  released: boolean;
  status: QuotaStatus | null;
}

/**
 * RESERVED or CONFIRMED → RELEASED, restoring the amount to the buyer's quota (cancellation,
 * customs refusal, or a return within the window). Idempotent and safe to race: the amount is
 * given back once. An unknown id (e.g. a reservation that was refused) is a no-op.
 */
export async function releaseQuota(db: Db, reservationId: string): Promise<ReleaseQuotaResult> {
  const r = await giveBack(db, reservationId, 'RELEASED', ['RESERVED', 'CONFIRMED'], null);
  return { released: r.done, status: r.status };
}

export interface WithdrawQuotaResult {
  /** Whether this call restored the quota (false when not RESERVED under that attempt). */
  withdrawn: boolean;
  status: QuotaStatus | null;
}

/**
 * RESERVED → WITHDRAWN for a claim whose order never came to exist (the creation was refused or
 * undone): the amount goes back to the buyer's quota and the id may reserve again. Only the
 * `attempt` named is withdrawn, so a late undo of an earlier attempt never touches a later claim;
 * a CONFIRMED (customs released) or RELEASED one is an order and is left alone. One statement:
 * a repeated or racing withdrawal restores the quota once.
 */
export async function withdrawQuota(db: Db, reservationId: string, attempt: number): Promise<WithdrawQuotaResult> {
  if (!Number.isSafeInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  const r = await giveBack(db, reservationId, 'WITHDRAWN', ['RESERVED'], attempt);
  return { withdrawn: r.done, status: r.status };
}

/**
 * One statement: the CTE moves the reservation from one of `from` (and the attempt, when named)
 * to `to`, and exactly its amount goes back to the buyer's quota; otherwise the status it has.
 */
async function giveBack(db: Db, id: string, to: 'RELEASED' | 'WITHDRAWN', from: QuotaStatus[], attempt: number | null): Promise<{ done: boolean; status: QuotaStatus | null }> {
  const rows = await db.$queryRaw<{ used: string }[]>`
    WITH r AS (
      UPDATE "QuotaReservation" SET "status" = ${to}, "updatedAt" = now()
      WHERE "id" = ${id} AND "status" = ANY(${from}::text[]) AND (${attempt}::int IS NULL OR "attempt" = ${attempt}::int)
      RETURNING "buyerIdHash", "year", "amountCny"
    )
    UPDATE "BuyerQuota" AS q SET "usedCny" = q."usedCny" - r."amountCny", "updatedAt" = now()
    FROM r WHERE q."buyerIdHash" = r."buyerIdHash" AND q."year" = r."year"
    RETURNING q."usedCny"::text AS used`;
  if (rows.length > 0) return { done: true, status: to };
  const [row] = await db.$queryRaw<{ status: QuotaStatus }[]>`SELECT "status" FROM "QuotaReservation" WHERE "id" = ${id}`;
  return { done: false, status: row?.status ?? null };
}

/** CNY the buyer has used in a year (reserved + confirmed), '0.00' when nothing yet. */
export async function usedQuota(db: Db, buyerIdHash: string, year: number): Promise<string> {
  return used(db, buyerIdHash, year);
}

type Queryable = Pick<Db, '$queryRaw'>;

async function used(db: Queryable, hash: string, year: number): Promise<string> {
  const [row] = await db.$queryRaw<{ used: string }[]>`
    SELECT "usedCny"::text AS used FROM "BuyerQuota" WHERE "buyerIdHash" = ${hash} AND "year" = ${year}`;
  return row?.used ?? '0.00';
}

/** A CNY amount as a canonical 2-decimal string ('12.5' → '12.50'); more decimals are an error. */
function cny(value: string | number, name: string): string {
  const text = typeof value === 'number' ? numberText(value, name) : value.trim();
  const m = /^(\d{1,17})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new RangeError(`${name} must be a CNY amount with at most 2 decimals, got ${String(value)}`);
  return `${BigInt(m[1]!).toString()}.${(m[2] ?? '').padEnd(2, '0')}`;
}

function numberText(value: number, name: string): string {
  if (!Number.isFinite(value) || value < 0 || Math.round(value * 100) / 100 !== value) {
    throw new RangeError(`${name} must be a CNY amount with at most 2 decimals, got ${value}`);
  }
  return value.toFixed(2);
}
