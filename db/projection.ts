import { alertFromTimeline, creditEventFromTimeline } from './credit.js';
import type { Db } from './client.js';

/** One change of a shipment, as the workflow reports it (see workflows/shipment/run.ts). */
export interface ProjectionUpdate {
  shipmentId: string;
  /** The workflow's own sequence number: writes with a lower one never overwrite newer state. */
  seq: number;
  at: string;
  stage: string;
  status: string;
  type: string;
  info: string;
  fields: {
    invtNo?: string | undefined;
    preNo?: string | undefined;
    bookingNo?: string | undefined;
    taxRecordNo?: string | undefined;
    settlementId?: string | undefined;
    cnyAmount?: string | undefined;
    fxRate?: string | undefined;
  };
  terminal: boolean;
  /**
   * When the current status passes its service level (ISO time), null when it has none; sent by
   * lean histories only (workflows/shipment/run.ts), whose SLA is watched by api/sla-watch.ts.
   */
  slaDueAt?: string | null;
}

/**
 * Writes a timeline event (once per seq) and moves the shipment row forward. Retried or late
 * writes are harmless: the event insert skips duplicates and the row update requires a lower seq.
 */
export async function applyProjectionUpdate(db: Db, u: ProjectionUpdate): Promise<void> {
  const fields = Object.fromEntries(Object.entries(u.fields).filter(([, v]) => v !== undefined && v !== ''));
  const credit = creditEventFromTimeline(db, u);
  const alert = alertFromTimeline(db, u);
  await db.$transaction([
    ...(credit ? [credit] : []),
    ...(alert ? [alert] : []),
    db.shipmentEvent.createMany({
      data: [{ shipmentId: u.shipmentId, seq: u.seq, stage: u.stage, status: u.status, type: u.type, detail: { info: u.info }, at: new Date(u.at) }],
      skipDuplicates: true,
    }),
    db.shipment.updateMany({
      where: { id: u.shipmentId, seq: { lt: u.seq } },
      data: {
        ...fields,
        seq: u.seq,
        status: u.status,
        stage: u.stage,
        lastInfo: u.info.slice(0, 1000),
        ...(u.terminal ? { completedAt: new Date(u.at) } : {}),
        ...(u.slaDueAt !== undefined ? { slaDueAt: u.slaDueAt === null ? null : new Date(u.slaDueAt) } : {}),
      },
    }),
  ]);
}

/**
 * Files the business key of an outgoing document, before it is sent (receipts may overtake). A
 * new revision under the same key (a corrected order) starts its receipts' signalled rank afresh.
 */
export async function fileDocumentKey(
  db: Db,
  doc: { shipmentId: string; system: string; docType: string; businessKey: string; revision: number },
): Promise<void> {
  const row = await db.shipmentDocument.upsert({
    where: { system_docType_businessKey: { system: doc.system, docType: doc.docType, businessKey: doc.businessKey } },
    create: doc,
    update: {},
  });
  if (row.shipmentId !== doc.shipmentId) throw new DocumentKeyTaken(doc.docType, doc.businessKey);
  if (row.revision < doc.revision) {
    await db.shipmentDocument.updateMany({ where: { id: row.id, revision: { lt: doc.revision } }, data: { revision: doc.revision, signalledRank: 0 } });
  }
}

/** Raises the highest receipt rank signalled for a document (after the signal went out). */
export async function raiseSignalledRank(db: Db, documentId: bigint, rank: number): Promise<void> {
  await db.shipmentDocument.updateMany({ where: { id: documentId, signalledRank: { lt: rank } }, data: { signalledRank: rank } });
}

/** Another shipment already filed a document under this key (e.g. a reused waybill number). */
export class DocumentKeyTaken extends Error {
  readonly code = 'DOCUMENT_KEY_TAKEN';
  constructor(docType: string, key: string) {
    super(`${docType} ${key} already belongs to another shipment`);
  }
}
