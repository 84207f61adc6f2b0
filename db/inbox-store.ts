import { createHash } from 'node:crypto';
import type { FieldCipher } from '../codec/field-cipher.js';
import type { Db } from './client.js';

/** The callback inbox's key (InboundMessage.bodyHash): the hash of the sending system's id and the clear body. */
export function bodyHashOf(system: string, body: string): string {
  return createHash('sha256').update(`${system}\n${body}`).digest('hex');
}

/**
 * Stores in the callback inbox bodies the platform read back itself (the receipt recovery,
 * activities/receipt-recovery.activities.ts) rather than received, sealed like every body, due for
 * delivery at once: the API's inbox redelivery processes them as it does any stored callback.
 * Bodies already in the inbox (their callback arrived) are left alone. Returns how many were new.
 */
export async function storeRecovered(db: Db, cipher: FieldCipher, message: { system: string; contentType: string; bodies: string[] }): Promise<number> {
  if (message.bodies.length === 0) return 0;
  const hashed = message.bodies.map((body) => ({ body, bodyHash: bodyHashOf(message.system, body) }));
  // sealing costs more than looking: seal only the bodies the inbox does not hold
  const known = await db.$queryRaw<{ bodyHash: string }[]>`
    SELECT "bodyHash" FROM "InboundMessage" WHERE "bodyHash" = ANY(${hashed.map((b) => b.bodyHash)}::text[])`;
  const seen = new Set(known.map((r) => r.bodyHash));
  const fresh = hashed.filter((b) => !seen.has(b.bodyHash));
  if (fresh.length === 0) return 0;
  // a callback stored meanwhile wins: the body is processed once either way
  return db.$executeRaw`
    INSERT INTO "InboundMessage" ("system", "bodyHash", "contentType", "body", "outcome", "nextAttemptAt")
    SELECT ${message.system}, h, ${message.contentType}, b, 'RECEIVED', now()
    FROM unnest(${fresh.map((b) => b.bodyHash)}::text[], ${fresh.map((b) => cipher.seal(b.body))}::text[]) AS t(h, b)
    ON CONFLICT ("bodyHash") DO NOTHING`;
}

/** Where the receipt recovery stands in a system's receipts (0: nothing read yet). */
export async function receiptCursor(db: Db, system: string): Promise<number> {
  const [row] = await db.$queryRaw<{ seq: bigint }[]>`SELECT "seq" FROM "ReceiptQueryCursor" WHERE "system" = ${system}`;
  return row ? Number(row.seq) : 0;
}

/** Moves the cursor forward to `seq`; never back (two runs that overlap may finish in either order). */
export async function advanceReceiptCursor(db: Db, system: string, seq: number): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "ReceiptQueryCursor" ("system", "seq") VALUES (${system}, ${BigInt(seq)})
    ON CONFLICT ("system") DO UPDATE SET "seq" = GREATEST("ReceiptQueryCursor"."seq", EXCLUDED."seq"), "updatedAt" = now()`;
}
