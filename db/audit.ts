import { AUDIT_GENESIS_HASH, AuditChainWalker, auditEntryHash, type AuditRecord, type AuditVerification } from './audit-chain.js';
import type { Db, Prisma } from './client.js';

/**
 * The tamper-evident audit trail (AuditEntry): who did what to which registry record, key or
 * shipment. Entries are only appended, through appendAudit, and chained by hash
 * (db/audit-chain.ts). Personal data (buyer names, ID numbers, phones, contacts) and free text
 * never go into `detail`: the chain cannot be edited later to erase them.
 */

export interface AuditInput {
  /** `ops:<person>` (from the ops credential, `ops:break-glass` for OPS_API_KEY), `enterprise:<id>`, `public` (self-registration) or `cli:<user>`. */
  actor: string;
  /** dotted past tense: `enterprise.registered`, `apikey.revoked`, `shipment.cancel_requested`… */
  action: string;
  subjectType: 'enterprise' | 'apikey' | 'shipment' | 'product' | 'callback' | 'ops-person' | 'person' | 'period' | 'codec' | 'refund-rates' | 'finance-consent' | 'webhook-endpoint';
  subjectId: string;
  detail: Record<string, unknown>;
}

type Tx = Prisma.TransactionClient;

/**
 * Serialises appends across every process: a transaction-scoped advisory lock, taken before
 * the last entry is read and held until the new one is committed, so two appends can never both
 * extend the same entry (fork the chain). The number is arbitrary but fixed ("cbecaudt").
 */
const LOCK = 'SELECT pg_advisory_xact_lock(7161132949580735604)';

/**
 * Appends one entry. With a transaction client it joins that transaction (the entry commits or
 * rolls back with the change it records); with the plain client it runs a transaction of its own.
 */
export async function appendAudit(db: Db | Tx, input: AuditInput): Promise<AuditRecord> {
  if ('$transaction' in db) return db.$transaction((tx) => appendIn(tx, input));
  return appendIn(db, input);
}

async function appendIn(tx: Tx, input: AuditInput): Promise<AuditRecord> {
  await tx.$executeRawUnsafe(LOCK);
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
  const entry = {
    seq: last ? Number(last.seq) + 1 : 1,
    at: new Date().toISOString(),
    actor: input.actor,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    // exactly what JSONB gives back (no undefined, no Dates, no class instances)
    detail: JSON.parse(JSON.stringify(input.detail)) as Record<string, unknown>,
  };
  const prevHash = last?.hash ?? AUDIT_GENESIS_HASH;
  const hash = auditEntryHash(prevHash, entry);
  await tx.auditEntry.create({
    data: { ...entry, seq: BigInt(entry.seq), at: new Date(entry.at), detail: entry.detail as Prisma.InputJsonObject, prevHash, hash },
  });
  return { ...entry, prevHash, hash };
}

type Row = Awaited<ReturnType<Db['auditEntry']['findFirstOrThrow']>>;
export function toAuditRecord(r: Row): AuditRecord {
  return {
    seq: Number(r.seq),
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    detail: r.detail,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

/** Re-walks the whole chain from seq 1, page by page, and reports the first broken entry. */
export async function verifyAudit(db: Db, pageSize = 1000): Promise<AuditVerification> {
  const walker = new AuditChainWalker();
  let after = 0n;
  for (;;) {
    const page = await db.auditEntry.findMany({ where: { seq: { gt: after } }, orderBy: { seq: 'asc' }, take: pageSize });
    for (const row of page) if (!walker.push(toAuditRecord(row))) return walker.result();
    if (page.length < pageSize) return walker.result();
    after = page[page.length - 1]!.seq;
  }
}

/** Entries in seq order within [from, to) by time, after `afterSeq`, at most `limit` (+1 to tell if more follow). */
export async function exportAudit(db: Db, q: { from?: Date | undefined; to?: Date | undefined; afterSeq?: number | undefined; limit: number }) {
  const rows = await db.auditEntry.findMany({
    where: {
      ...(q.afterSeq !== undefined ? { seq: { gt: BigInt(q.afterSeq) } } : {}),
      ...(q.from || q.to ? { at: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) } } : {}),
    },
    orderBy: { seq: 'asc' },
    take: q.limit + 1,
  });
  const entries = rows.slice(0, q.limit).map(toAuditRecord);
  return { entries, nextAfterSeq: rows.length > q.limit ? (entries[entries.length - 1]?.seq ?? null) : null };
}
