import { alertFromTimeline, creditEventFromTimeline } from './credit.js';
import { Prisma, type Db } from './client.js';
import { coalesced } from './coalesce.js';
import { outboxInsert } from './events.js';
import type { ProjectionUpdate } from '../domain/projection.js';
import { numberKindOfDocument, reuseCutoff } from '../domain/shipment-numbers.js';
import { execute, queryRows } from './sql.js';

/** Projection fields by column; the numeric ones are cast. */
const FIELD_COLUMNS: Record<keyof ProjectionUpdate['fields'], Prisma.Sql> = {
  invtNo: Prisma.sql`"invtNo"`,
  preNo: Prisma.sql`"preNo"`,
  entryId: Prisma.sql`"entryId"`,
  bookingNo: Prisma.sql`"bookingNo"`,
  taxRecordNo: Prisma.sql`"taxRecordNo"`,
  settlementId: Prisma.sql`"settlementId"`,
  cnyAmount: Prisma.sql`"cnyAmount"`,
  fxRate: Prisma.sql`"fxRate"`,
};
const NUMERIC_FIELDS: ReadonlySet<string> = new Set(['cnyAmount', 'fxRate']);

/**
 * Writes a timeline event (once per seq) and moves the shipment row forward, with the credit
 * event or alert the event raises and the enterprise's event (the outbox, db/events.ts), in one
 * statement (every shipment makes about fifteen of these, so it is one round trip, not a transaction of four). Retried or late writes are harmless: the
 * event insert skips duplicates and the row update requires a lower seq.
 */
export async function applyProjectionUpdate(db: Db, u: ProjectionUpdate): Promise<void> {
  const sets = [
    Prisma.sql`"seq" = ${u.seq}`,
    Prisma.sql`"status" = ${u.status}`,
    Prisma.sql`"stage" = ${u.stage}`,
    Prisma.sql`"lastInfo" = ${u.info.slice(0, 1000)}`,
    Prisma.sql`"updatedAt" = now()`,
  ];
  for (const [key, value] of Object.entries(u.fields) as [keyof ProjectionUpdate['fields'], string | undefined][]) {
    if (value === undefined || value === '') continue;
    sets.push(Prisma.sql`${FIELD_COLUMNS[key]} = ${NUMERIC_FIELDS.has(key) ? Prisma.sql`${value}::numeric` : value}`);
  }
  if (u.terminal) sets.push(Prisma.sql`"completedAt" = ${new Date(u.at)}`);
  if (u.slaDueAt !== undefined) sets.push(Prisma.sql`"slaDueAt" = ${u.slaDueAt === null ? null : new Date(u.slaDueAt)}`);
  const raised = [creditEventFromTimeline(u), alertFromTimeline(u)].filter((x): x is Prisma.Sql => x !== undefined);
  await execute(db, Prisma.sql`
    WITH event AS (
      INSERT INTO "ShipmentEvent" ("shipmentId", "seq", "stage", "status", "type", "detail", "at")
      VALUES (${u.shipmentId}, ${u.seq}, ${u.stage}, ${u.status}, ${u.type}, ${JSON.stringify({ info: u.info })}::jsonb, ${new Date(u.at)})
      ON CONFLICT ("shipmentId", "seq") DO NOTHING
      RETURNING "shipmentId"
    ), outbox AS (${outboxInsert(u, Prisma.sql`event`)})${raised.length ? Prisma.sql`, ${Prisma.join(raised.map((sql, i) => Prisma.sql`${Prisma.raw(`raised${i}`)} AS (${sql})`), ', ')}` : Prisma.empty}
    UPDATE "Shipment" SET ${Prisma.join(sets, ', ')} WHERE "id" = ${u.shipmentId} AND "seq" < ${u.seq}`);
}

/** Several writes in their order (a batch a workflow sent at once). */
export async function applyProjectionUpdates(db: Db, updates: readonly ProjectionUpdate[]): Promise<void> {
  for (const update of updates) await applyProjectionUpdate(db, update);
}

/**
 * Files the business key of an outgoing document, before it is sent (receipts may overtake). A
 * new revision under the same key (a corrected order) starts its receipts' signalled rank afresh.
 */
export async function fileDocumentKey(
  db: Db,
  doc: { shipmentId: string; system: string; docType: string; businessKey: string; revision: number },
): Promise<void> {
  // one statement (the ORM's upsert costs its query compiler and, here, more round trips): the
  // row as inserted, or as it stood when another send filed it first
  const [row] = await queryRows<{ id: bigint; shipmentId: string; revision: number }>(db, Prisma.sql`
    WITH inserted AS (
      INSERT INTO "ShipmentDocument" ("shipmentId", "system", "docType", "businessKey", "revision")
      VALUES (${doc.shipmentId}, ${doc.system}, ${doc.docType}, ${doc.businessKey}, ${doc.revision})
      ON CONFLICT ("system", "docType", "businessKey") DO NOTHING
      RETURNING "id", "shipmentId", "revision"
    )
    SELECT "id", "shipmentId", "revision" FROM inserted
    UNION ALL
    SELECT "id", "shipmentId", "revision" FROM "ShipmentDocument"
    WHERE "system" = ${doc.system} AND "docType" = ${doc.docType} AND "businessKey" = ${doc.businessKey} AND NOT EXISTS (SELECT 1 FROM inserted)`);
  // a concurrent send filed it after this statement's snapshot: read it now
  const filed = row ?? (await db.shipmentDocument.findUniqueOrThrow({
    where: { system_docType_businessKey: { system: doc.system, docType: doc.docType, businessKey: doc.businessKey } },
    select: { id: true, shipmentId: true, revision: true },
  }));
  if (filed.shipmentId !== doc.shipmentId) {
    // the create path refuses a number in use (db/shipment-create.ts); this is the second line
    // of defence, and it hands over a waybill number past its reuse period as that path does
    const kind = numberKindOfDocument(doc.docType);
    const cutoff = kind && reuseCutoff(kind, new Date());
    const handedOver = cutoff
      ? await db.shipmentDocument.updateMany({
          where: { id: filed.id, shipmentId: filed.shipmentId, createdAt: { lt: cutoff } },
          data: { shipmentId: doc.shipmentId, revision: doc.revision, signalledRank: 0, createdAt: new Date() },
        })
      : { count: 0 };
    if (handedOver.count === 0) throw new DocumentKeyTaken(doc.docType, doc.businessKey);
    return;
  }
  if (filed.revision < doc.revision) {
    await db.shipmentDocument.updateMany({ where: { id: filed.id, revision: { lt: doc.revision } }, data: { revision: doc.revision, signalledRank: 0 } });
  }
}

const rankRaisers = new WeakMap<Db, (r: { documentId: bigint; rank: number }) => Promise<void>>();

/** Raises the highest receipt rank signalled for a document (after the signal went out); receipts signalled at once share one statement. */
export async function raiseSignalledRank(db: Db, documentId: bigint, rank: number): Promise<void> {
  let raise = rankRaisers.get(db);
  if (!raise) {
    raise = coalesced(async (raises: { documentId: bigint; rank: number }[]) => {
      await execute(db, Prisma.sql`
        UPDATE "ShipmentDocument" d SET "signalledRank" = r."rank"
        FROM (SELECT "id", max("rank") AS "rank" FROM unnest(${raises.map((r) => r.documentId)}::bigint[], ${raises.map((r) => r.rank)}::int[]) AS u("id", "rank") GROUP BY "id") r
        WHERE d."id" = r."id" AND d."signalledRank" < r."rank"`);
      return raises.map(() => undefined);
    });
    rankRaisers.set(db, raise);
  }
  await raise({ documentId, rank });
}

/** Another shipment already filed a document under this key (e.g. a reused waybill number). */
export class DocumentKeyTaken extends Error {
  readonly code = 'DOCUMENT_KEY_TAKEN';
  constructor(docType: string, key: string) {
    super(`${docType} ${key} already belongs to another shipment`);
  }
}
