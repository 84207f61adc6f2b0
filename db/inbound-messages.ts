import type { FieldCipher } from '../codec/field-cipher.js';
import { DEFAULT_TOLERANCE_MS } from '../adapters/kit/callbacks.js';
import type { Db } from './client.js';

/**
 * The inbox of callbacks (InboundMessage). Bodies are stored sealed with the payload keys
 * (codec/field-cipher.ts): a bonded warehouse's or the Single Window's message may name a buyer,
 * and a database dump must not. They are opened only to be processed again (redelivery).
 */

export interface InboundCallback {
  system: string;
  signature: string;
  /** SHA-256 of system and clear body: the same body sent again is found without opening any. */
  bodyHash: string;
  contentType: string;
  body: string;
}

/**
 * Records a callback's signature and stores its sealed body in the inbox, in one statement (every
 * shipment brings about twenty callbacks): REPLAYED when the signature was seen before (a replay;
 * signatures are kept for the timestamp tolerance window, after which verifyBody refuses them as
 * stale), PROCESSED when the same body was stored and processed already (a sender's retry),
 * otherwise STORED (new, or stored but not delivered yet: process it).
 */
export async function storeInboundMessage(db: Db, cipher: FieldCipher, c: InboundCallback): Promise<'REPLAYED' | 'PROCESSED' | 'STORED'> {
  const [row] = await db.$queryRaw<{ fresh: boolean; outcome: string | null }[]>`
    WITH signature AS (
      INSERT INTO "CallbackSignature" ("signature", "system") VALUES (${`${c.system}:${c.signature}`}, ${c.system})
      ON CONFLICT DO NOTHING RETURNING 1
    ), inbox AS (
      INSERT INTO "InboundMessage" ("system", "bodyHash", "contentType", "body", "outcome")
      SELECT ${c.system}, ${c.bodyHash}, ${c.contentType}, ${cipher.seal(c.body)}, 'RECEIVED' WHERE EXISTS (SELECT 1 FROM signature)
      ON CONFLICT ("bodyHash") DO NOTHING
    )
    SELECT EXISTS (SELECT 1 FROM signature) AS "fresh", (SELECT "outcome" FROM "InboundMessage" WHERE "bodyHash" = ${c.bodyHash}) AS "outcome"`;
  if (Math.random() < 0.01) {
    await db.callbackSignature.deleteMany({ where: { receivedAt: { lt: new Date(Date.now() - 2 * DEFAULT_TOLERANCE_MS) } } });
  }
  if (!row!.fresh) return 'REPLAYED';
  // the outcome as it was before this statement: null when this request stored the body
  return row!.outcome !== null && row!.outcome !== 'RECEIVED' ? 'PROCESSED' : 'STORED';
}

/** Callbacks stored before `before` and not delivered yet (outcome RECEIVED), oldest first, with their bodies opened. */
export async function undeliveredInboundMessages(db: Db, cipher: FieldCipher, q: { before: Date; take: number }): Promise<{ system: string; bodyHash: string; body: string }[]> {
  const rows = await db.inboundMessage.findMany({
    where: { outcome: 'RECEIVED', receivedAt: { lt: q.before } },
    orderBy: { id: 'asc' },
    take: q.take,
    select: { system: true, bodyHash: true, body: true },
  });
  return rows.map((r) => ({ ...r, body: cipher.open(r.body) }));
}
