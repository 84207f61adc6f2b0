import { createHash } from 'node:crypto';
import { receivableFacts } from '../domain/finance/receivables.js';
import { CURRENCY_EXPONENT, formatMinor, toMinor, type CurrencyCode } from '../domain/finance/money.js';
import { TERMINAL_STATUSES } from '../domain/status.js';
import { chinaDate } from '../domain/time.js';
import type { ClaimEvidence } from '../workflows/finance/insurance-contract.js';
import type { Db } from './client.js';

/**
 * The facts export credit insurance of a 9710 consignment rests on, from the shipment's projection
 * (written by the shipment workflow, unchanged): its customs declaration and release, the goods
 * value the buyer owes, the business buyer (name and country: a company, never a person), and its
 * FX record (FX_SETTLED, or FUNDS_RECEIVED in CNY, parsed by domain/finance/receivables.ts).
 */
const FX_EVENTS = ['FX_EXPECTED', 'FUNDS_RECEIVED', 'FX_MISMATCH', 'FX_SETTLED'];

export async function creditFacts(db: Db, shipmentId: string) {
  const s = await db.shipment.findUniqueOrThrow({ where: { id: shipmentId }, select: { id: true, mode: true, status: true, currency: true, goodsValue: true, entryId: true, request: true } });
  const rows = await db.shipmentEvent.findMany({ where: { shipmentId }, orderBy: { seq: 'asc' }, select: { seq: true, type: true, detail: true, at: true } });
  const events = rows.map((e) => ({ seq: e.seq, type: e.type, info: String((e.detail as { info?: unknown } | null)?.info ?? ''), at: e.at.toISOString() }));
  const currency = s.currency as CurrencyCode;
  const released = events.find((e) => e.type === 'RELEASED');
  const settled = receivableFacts(events).settled;
  const fx = events.filter((e) => FX_EVENTS.includes(e.type)).map((e) => ({ type: e.type, at: e.at, info: e.info }));
  const buyer = (s.request as { buyer?: { name: string; country: string } }).buyer ?? null;
  return {
    shipmentId: s.id, mode: s.mode, currency, entryId: s.entryId, buyer,
    ended: (TERMINAL_STATUSES as readonly string[]).includes(s.status),
    insuredValue: toMinor(s.goodsValue.toFixed(CURRENCY_EXPONENT[currency]), currency),
    released: released ? { at: released.at, on: chinaDate(Date.parse(released.at)) } : null,
    /** The proceeds as the timeline records them: the foreign amount received, settled into CNY on `on`. */
    settled: settled ? { on: settled.on, amount: settled.foreign, currency: settled.currency } : null,
    fx,
  };
}

export type CreditFacts = Awaited<ReturnType<typeof creditFacts>>;

const digest = (facts: unknown) => createHash('sha256').update(JSON.stringify(facts)).digest('hex');

/**
 * A non-payment claim's evidence: the customs declaration and its release, and the FX record with
 * no settlement by the due date, each as the SHA-256 of the facts the platform recorded.
 */
export function nonPaymentEvidence(f: CreditFacts, dueDate: string): ClaimEvidence[] {
  return [
    { type: 'CUSTOMS_DECLARATION', sha256: digest({ shipmentId: f.shipmentId, entryId: f.entryId, released: f.released }), detail: `customs declaration ${f.entryId ?? ''} released on ${f.released?.on ?? ''}` },
    { type: 'FX_RECORD', sha256: digest({ shipmentId: f.shipmentId, dueDate, fx: f.fx }), detail: `no proceeds settled by the due date ${dueDate} (${formatMinor(f.insuredValue, f.currency)} ${f.currency} owed)` },
  ];
}

/** Credit policies that hold part of a buyer's limit: covering a consignment not yet paid. */
const HOLDING_LIMIT = ['BOUND', 'CLAIM_OPENED'];

/**
 * What the platform knows of a buyer's limit with an insurer, from the enterprise's earlier export
 * credit policies for that buyer (country and registration number) in a currency: the limit the
 * insurer last gave (quoted or refused), and the insured value of the consignments it covers now.
 * Null when no earlier policy told a limit (the insurer decides alone).
 */
export async function knownBuyerLimit(db: Db, q: { enterpriseId: string; insurer: string; currency: string; buyer: { country: string; registrationNo: string } }): Promise<{ limit: number; held: number } | null> {
  const rows = await db.insurancePolicy.findMany({
    where: { enterpriseId: q.enterpriseId, insurer: q.insurer, cover: 'EXPORT_CREDIT', currency: q.currency, AND: [{ credit: { path: ['buyer', 'country'], equals: q.buyer.country } }, { credit: { path: ['buyer', 'registrationNo'], equals: q.buyer.registrationNo } }] },
    orderBy: { updatedAt: 'desc' },
    select: { status: true, insuredValue: true, credit: true },
  });
  const told = rows.find((r) => typeof (r.credit as { buyerLimit?: unknown } | null)?.buyerLimit === 'string');
  if (!told) return null;
  const currency = q.currency as CurrencyCode;
  const held = rows.filter((r) => HOLDING_LIMIT.includes(r.status)).reduce((a, r) => a + Number(r.insuredValue ?? 0n), 0);
  return { limit: toMinor((told.credit as { buyerLimit: string }).buyerLimit, currency), held };
}
