import { decideDisclosure, type DisclosureDecision, type DisclosureSubject, type FactCategory } from '../domain/finance/consent.js';
import type { LedgerEntry } from '../domain/finance/ledger.js';
import type { ReceivableShipment } from '../domain/finance/receivables.js';
import { TERMINAL_STATUSES } from '../domain/status.js';
import { LoanStatus, type LoanState } from '../workflows/finance/contract.js';
import { toConsent } from './finance-consent.js';
import type { Db, Prisma } from './client.js';

/**
 * Loans as the API and the callback routes read them (FinanceLoan, written by the loan workflow
 * through activities/finance.activities.ts) and their ledger entries, each stored once under its
 * idempotency key. Tenant isolation: reads name the enterprise.
 */

/** The facts a refund-backed loan asks to disclose (domain/finance/consent.ts FACT_CATEGORIES). */
export const REFUND_LOAN_FACTS = ['TIMELINE', 'REFUND'] as const;
/** The facts a receivable loan asks to disclose: the timeline, the goods sold, the FX collected. */
export const RECEIVABLE_LOAN_FACTS = ['TIMELINE', 'GOODS', 'FX'] as const;
/** Loans that ended without money lent: what they named is free to finance again. */
export const ENDED_WITHOUT_LOAN: readonly string[] = [LoanStatus.DECLINED, LoanStatus.CONSENT_REFUSED, LoanStatus.REJECTED, LoanStatus.OFFER_EXPIRED];
/** The facts a stock pledge asks to disclose: the pledged stock and its movements. */
export const PLEDGE_FACTS = ['STOCK'] as const;
/** The facts a cargo insurance policy discloses to its insurer: the goods and the journey. */
export const CARGO_FACTS = ['GOODS', 'TIMELINE'] as const;
/** The facts export credit insurance discloses: the business buyer, the goods, the declaration and release, and (for a claim) the FX record. */
export const CREDIT_FACTS = ['BUYER_BUSINESS', 'GOODS', 'TIMELINE', 'FX'] as const;

/** Whether the enterprise's consents let `lender` (or an insurer, purpose INSURANCE) see the facts about the subject now (reads only, discloses nothing). */
export async function consentDecision(db: Db, input: { enterpriseId: string; lender: string; subject: DisclosureSubject; now?: Date; facts?: readonly FactCategory[]; purpose?: 'FINANCING' | 'INSURANCE' }): Promise<DisclosureDecision> {
  const purpose = input.purpose ?? 'FINANCING';
  const rows = await db.financeConsent.findMany({ where: { enterpriseId: input.enterpriseId, recipient: input.lender, purpose }, orderBy: { createdAt: 'desc' } });
  const now = (input.now ?? new Date()).toISOString();
  const decide = (c: ReturnType<typeof toConsent> | undefined) => decideDisclosure({ consent: c, now, recipient: input.lender, purpose, subject: input.subject, requested: input.facts ?? REFUND_LOAN_FACTS });
  // the reason told is that of the newest consent naming this subject (revoked, expired…), else of the newest one
  const covers = (r: (typeof rows)[number]) => r.allSubjects || r.subjectIds.includes(input.subject.id);
  const decisions = [...rows.filter(covers), ...rows.filter((r) => !covers(r))].map((r) => decide(toConsent(r)));
  return decisions.find((d) => d.allowed) ?? decisions[0] ?? decide(undefined);
}

/** Writes the workflow's state into the loan row and adds its ledger entries not stored yet (by key). */
export async function projectLoan(db: Db, loanId: string, s: LoanState): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.financeLoan.update({
      where: { id: loanId },
      data: {
        status: s.status, reason: s.reason ?? null, applicationId: s.applicationId ?? null, disbursementId: s.disbursementId ?? null,
        offer: (s.offer ?? undefined) as Prisma.InputJsonValue | undefined, valueDate: s.valueDate ?? null, maturityDate: s.maturityDate ?? null, dueDate: s.dueDate ?? null,
        repayments: s.repayments as unknown as Prisma.InputJsonArray,
        ...(s.financed ? { financedRefs: s.financed.refs, financedValue: BigInt(s.financed.value) } : {}),
      },
    });
    if (s.entries.length) await tx.financeLedgerEntry.createMany({ data: s.entries.map((e) => entryRow(loanId, e)), skipDuplicates: true });
  });
}

function entryRow(loanId: string, e: LedgerEntry) {
  const amounts = e.kind === 'DISBURSED' ? { principal: e.principal } : e.kind === 'FEE_CHARGED' ? { fees: e.fees } : e.kind === 'INTEREST_ACCRUED' ? { interest: e.interest } : { principal: e.principal, interest: e.interest, fees: e.fees };
  return { key: e.key, loanId, kind: e.kind, on: e.on, principal: BigInt(amounts.principal ?? 0), interest: BigInt(amounts.interest ?? 0), fees: BigInt(amounts.fees ?? 0) };
}

/** The stored entries of a loan as domain ledger entries, in the order they were posted. */
export async function ledgerEntriesOf(db: Db, loanId: string): Promise<LedgerEntry[]> {
  const rows = await db.financeLedgerEntry.findMany({ where: { loanId }, orderBy: LEDGER_ORDER });
  return rows.map(toLedgerEntry);
}

/** The order entries were posted in. */
export const LEDGER_ORDER = [{ createdAt: 'asc' }, { key: 'asc' }] satisfies Prisma.FinanceLedgerEntryOrderByWithRelationInput[];

/** A stored ledger row as the domain's entry. */
export function toLedgerEntry(r: { key: string; kind: string; principal: bigint; interest: bigint; fees: bigint; on: string }): LedgerEntry {
  const [principal, interest, fees] = [Number(r.principal), Number(r.interest), Number(r.fees)];
  switch (r.kind) {
    case 'DISBURSED': return { key: r.key, kind: 'DISBURSED', principal, on: r.on };
    case 'FEE_CHARGED': return { key: r.key, kind: 'FEE_CHARGED', fees, on: r.on };
    case 'INTEREST_ACCRUED': return { key: r.key, kind: 'INTEREST_ACCRUED', interest, on: r.on };
    default: return { key: r.key, kind: r.kind as 'REPAID' | 'WRITTEN_OFF', principal, interest, fees, on: r.on };
  }
}

/**
 * The shipment's facts for an evidence package, by category (only those the consent allows are
 * read by the package): timeline, refund, goods lines, FX. Never the request's buyer data.
 */
export async function shipmentEvidence(db: Db, shipmentId: string) {
  const s = await db.shipment.findUniqueOrThrow({ where: { id: shipmentId }, select: { id: true, mode: true, orderNo: true, invtNo: true, entryId: true, taxRecordNo: true, status: true, currency: true, goodsValue: true, settlementId: true, lines: { select: { lineNo: true, sku: true, hsCode: true, qty: true, amount: true }, orderBy: { lineNo: 'asc' } } } });
  const events = await db.shipmentEvent.findMany({ where: { shipmentId }, orderBy: { seq: 'asc' }, select: { type: true, status: true, at: true, detail: true } });
  return {
    shipment: s,
    source: {
      TIMELINE: { orderNo: s.orderNo, invtNo: s.invtNo, entryId: s.entryId, events: events.map((e) => ({ type: e.type, status: e.status, at: e.at.toISOString(), detail: e.detail })) },
      REFUND: { applicationNo: s.taxRecordNo, declarationNo: s.entryId, events: events.filter((e) => e.type.startsWith('REFUND_') || e.type === 'PRE_REFUND_APPLIED').map((e) => ({ type: e.type, at: e.at.toISOString(), detail: e.detail })) },
      GOODS: { currency: s.currency, goodsValue: s.goodsValue.toString(), lines: s.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, hsCode: l.hsCode, qty: l.qty.toString(), amount: l.amount.toString() })), sales: events.filter((e) => e.type === 'SALES_REPORTED').map((e) => ({ at: e.at.toISOString(), detail: e.detail })) },
      FX: { currency: s.currency, events: events.filter((e) => FX_EVENTS.has(e.type)).map((e) => ({ type: e.type, at: e.at.toISOString(), detail: e.detail })) },
    },
  };
}

const FX_EVENTS: ReadonlySet<string> = new Set(['FX_EXPECTED', 'FUNDS_RECEIVED', 'FX_MISMATCH', 'FX_SETTLED']);

/**
 * The shipments a receivable loan finances as the projection has them (the shipment workflow writes
 * it): value, goods, timeline, and what other loans — not ended without money lent — finance of them.
 */
export async function receivableShipments(db: Db, loanId: string, shipmentIds: readonly string[]): Promise<ReceivableShipment[]> {
  const rows = await db.shipment.findMany({
    where: { id: { in: [...shipmentIds] } },
    select: { id: true, mode: true, status: true, valueCny: true, request: true, events: { select: { seq: true, type: true, detail: true, at: true }, orderBy: { seq: 'asc' } } },
  });
  const others = await db.financeLoan.findMany({ where: { shipmentIds: { hasSome: [...shipmentIds] }, id: { not: loanId }, status: { notIn: [...ENDED_WITHOUT_LOAN] } }, select: { financedRefs: true } });
  const elsewhere = others.flatMap((o) => o.financedRefs);
  return rows.map((r) => ({
    shipmentId: r.id,
    mode: r.mode,
    ended: (TERMINAL_STATUSES as readonly string[]).includes(r.status),
    valueFen: r.valueCny === null ? null : Number(r.valueCny.mul(100).toFixed(0)),
    items: ((r.request as { items?: { sku: string; qty: number; unitPrice: number }[] }).items ?? []).map((i) => ({ sku: i.sku, qty: i.qty, unitPrice: i.unitPrice })),
    events: r.events.map((e) => ({ seq: e.seq, type: e.type, info: String((e.detail as { info?: unknown }).info ?? ''), at: e.at.toISOString() })),
    financedElsewhere: elsewhere.filter((ref) => r.id === ref || ref.startsWith(`${r.id}#`)),
  }));
}

/** The pledged SKUs' balances and movements in the warehouse, for a pledge's evidence package (STOCK). */
export async function pledgeEvidence(db: Db, input: { enterpriseId: string; system: string; warehouseCode: string; skus: readonly string[] }) {
  const where = { enterpriseId: input.enterpriseId, system: input.system, warehouseCode: input.warehouseCode, sku: { in: [...input.skus] } };
  const [balances, movements] = await Promise.all([
    db.stockBalance.findMany({ where, orderBy: { sku: 'asc' } }),
    db.stockMovement.findMany({ where, orderBy: { id: 'asc' }, take: 1_000, select: { kind: true, sku: true, qty: true, reference: true, at: true } }),
  ]);
  return {
    STOCK: {
      system: input.system, warehouseCode: input.warehouseCode,
      balances: balances.map((b) => ({ sku: b.sku, onHand: b.onHand.toString(), reserved: b.reserved.toString(), pledged: b.pledged.toString() })),
      movements: movements.map((m) => ({ kind: m.kind, sku: m.sku, qty: m.qty.toString(), reference: m.reference, at: m.at.toISOString() })),
    },
  };
}
