import { DEFAULT_TOLERANCE_MS } from '../../adapters/kit/callbacks.js';
import type { FieldCipher } from '../../codec/field-cipher.js';
import { coalesced } from '../../db/coalesce.js';
import { Prisma, type Db } from '../../db/client.js';
import { execute, queryRows } from '../../db/sql.js';

/**
 * The callback inbox (table InboundMessage): every authenticated, well-formed callback is stored
 * once (de-duplicated by the hash of its clear body) before it is processed, with the outcome of
 * processing. Bodies are stored sealed with the payload keys (codec/field-cipher.ts): a bonded
 * warehouse's or the Single Window's message may name a buyer, and a database dump must not
 * (docs/personal-data.md); they are opened only to be processed again.
 * RECEIVED ones were not delivered yet (Temporal unreachable, the API killed mid-request) and are
 * redelivered; one that keeps failing becomes a DEAD_LETTER for ops (api/routes/callbacks.routes.ts).
 */
export type Outcome = 'DELIVERED' | 'UNMATCHED' | 'WORKFLOW_CLOSED' | 'IGNORED' | 'REJECTED' | 'REFUSED';

/** Wait before the next attempt at a callback that failed `attempts` times: 10 s, doubling, at most an hour. */
export const retryDelayMs = (attempts: number) => Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

export interface StoredCallback {
  system: string;
  signature: string;
  bodyHash: string;
  contentType: string;
  body: string;
}

/**
 * Records a callback's signature and stores its body in the inbox, in one statement (every
 * shipment brings about twenty callbacks): REPLAYED when the signature was seen before (a replay;
 * signatures are kept for twice the timestamp tolerance, after which verifyBody refuses them as
 * stale), PROCESSED when the same body was stored and processed already (a sender's retry),
 * otherwise STORED (new, not delivered yet, or refused: process it).
 */
export async function storeCallback(db: Db, cipher: FieldCipher, c: StoredCallback): Promise<'REPLAYED' | 'PROCESSED' | 'STORED'> {
  const [row] = await queryRows<{ fresh: boolean; outcome: string | null }>(db, Prisma.sql`
    WITH signature AS (
      INSERT INTO "CallbackSignature" ("signature", "system") VALUES (${`${c.system}:${c.signature}`}, ${c.system})
      ON CONFLICT DO NOTHING RETURNING 1
    ), inbox AS (
      INSERT INTO "InboundMessage" ("system", "bodyHash", "contentType", "body", "outcome")
      SELECT ${c.system}, ${c.bodyHash}, ${c.contentType}, ${cipher.seal(c.body)}, 'RECEIVED' WHERE EXISTS (SELECT 1 FROM signature)
      ON CONFLICT ("bodyHash") DO NOTHING
    )
    SELECT EXISTS (SELECT 1 FROM signature) AS "fresh", (SELECT "outcome" FROM "InboundMessage" WHERE "bodyHash" = ${c.bodyHash}) AS "outcome"`);
  if (!row!.fresh) return 'REPLAYED';
  // the outcome as it was before this statement: null when this request stored the body; a
  // refused one is processed again, so that a sender's retry gets the same refusal
  return row!.outcome !== null && !['RECEIVED', 'DEAD_LETTER', 'REFUSED'].includes(row!.outcome) ? 'PROCESSED' : 'STORED';
}

interface OutcomeWrite {
  bodyHash: string;
  outcome: Outcome;
  shipmentId: string | null;
}

const outcomeWriters = new WeakMap<Db, (w: OutcomeWrite) => Promise<void>>();

/** Records what processing a stored callback came to (callbacks processed at once share one statement, db/coalesce.ts). */
export async function setOutcome(db: Db, bodyHash: string, outcome: Outcome, shipmentId?: string): Promise<void> {
  let write = outcomeWriters.get(db);
  if (!write) outcomeWriters.set(db, (write = coalesced((writes: OutcomeWrite[]) => writeOutcomes(db, writes))));
  await write({ bodyHash, outcome, shipmentId: shipmentId ?? null });
}

async function writeOutcomes(db: Db, writes: OutcomeWrite[]): Promise<void[]> {
  // one row per body: of two writes for one body in a batch the later counts, as written one by one
  const last = [...new Map(writes.map((w) => [w.bodyHash, w])).values()];
  await execute(db, Prisma.sql`
    UPDATE "InboundMessage" m SET "outcome" = w."outcome", "lastError" = NULL, "shipmentId" = COALESCE(w."shipmentId", m."shipmentId")
    FROM unnest(${last.map((w) => w.bodyHash)}::text[], ${last.map((w) => w.outcome)}::text[], ${last.map((w) => w.shipmentId)}::text[]) AS w("bodyHash", "outcome", "shipmentId")
    WHERE m."bodyHash" = w."bodyHash"`);
  return writes.map(() => undefined);
}

/**
 * Counts a failed delivery: the callback is tried again after retryDelayMs, or becomes a
 * DEAD_LETTER once it failed `maxAttempts` times. Returns whether it was dead-lettered.
 */
export async function recordFailure(db: Db, bodyHash: string, error: string, maxAttempts: number): Promise<boolean> {
  const [row] = await queryRows<{ attempts: number }>(db, Prisma.sql`
    UPDATE "InboundMessage" SET "attempts" = "attempts" + 1, "lastError" = ${error.slice(0, 500)}
    WHERE "bodyHash" = ${bodyHash} AND "outcome" = 'RECEIVED' RETURNING "attempts"`);
  if (!row) return false;
  const dead = row.attempts >= maxAttempts;
  await execute(db, Prisma.sql`
    UPDATE "InboundMessage" SET "outcome" = ${dead ? 'DEAD_LETTER' : 'RECEIVED'},
      "nextAttemptAt" = ${new Date(Date.now() + retryDelayMs(row.attempts))}
    WHERE "bodyHash" = ${bodyHash}`);
  return dead;
}

/**
 * Callbacks due for redelivery, oldest first: not delivered, and their retry time reached (a new
 * one's is 10 s after it was stored: its own request may still be processing it before that).
 */
export async function dueForRedelivery(db: Db, cipher: FieldCipher, limit = 200) {
  const rows = await db.inboundMessage.findMany({
    where: { outcome: 'RECEIVED', nextAttemptAt: { lte: new Date() } },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, system: true, bodyHash: true, body: true },
  });
  return rows.map((r) => ({ ...r, body: cipher.open(r.body) }));
}

/** Dead letters for ops, newest first (the body stays in the database: it may carry personal data). */
export async function listDeadLetters(db: Db, page: { limit: number; before?: bigint | undefined } = { limit: 100 }) {
  const rows = await db.inboundMessage.findMany({
    where: { outcome: 'DEAD_LETTER', ...(page.before !== undefined ? { id: { lt: page.before } } : {}) },
    orderBy: { id: 'desc' },
    take: page.limit + 1,
    select: { id: true, system: true, bodyHash: true, receivedAt: true, attempts: true, lastError: true, shipmentId: true },
  });
  const items = rows.slice(0, page.limit);
  // the next page starts below the last id shown (newest first); null when this is the last page
  return { items, nextCursor: rows.length > page.limit ? String(items[items.length - 1]!.id) : null };
}

/** Puts a dead letter back into redelivery with its attempts reset; false when it is not a dead letter. */
export async function requeueDeadLetter(db: Db, id: bigint): Promise<boolean> {
  const n = await execute(db, Prisma.sql`
    UPDATE "InboundMessage" SET "outcome" = 'RECEIVED', "attempts" = 0, "nextAttemptAt" = now()
    WHERE "id" = ${id} AND "outcome" = 'DEAD_LETTER'`);
  return n > 0;
}

/** Forgets signatures older than twice the timestamp tolerance (verifyBody refuses those as stale). */
export async function pruneSignatures(db: Db): Promise<number> {
  const { count } = await db.callbackSignature.deleteMany({ where: { receivedAt: { lt: new Date(Date.now() - 2 * DEFAULT_TOLERANCE_MS) } } });
  return count;
}
