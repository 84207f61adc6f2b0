import { createHash } from 'node:crypto';
import { CURRENCY_EXPONENT, toMinor, type CurrencyCode } from '../domain/finance/money.js';
import { chinaDate } from '../domain/time.js';
import type { CargoPolicyState } from '../workflows/finance/insurance-contract.js';
import type { Db, Prisma } from './client.js';

/**
 * Insurance policies (cargo, export credit) as the API and the insurer's callbacks read them
 * (InsurancePolicy, written by the policy's workflow), and the shipment's own facts a cargo policy is
 * bound and claimed on (export credit: credit-insurance.ts).
 */

/** Shipment statuses after which no transport booking or warehouse receipt will come. */
const ENDED = ['COMPLETED', 'FAILED', 'CANCELLED', 'REJECTED'];

/** The timeline events of the journey a loss or seizure is read from (the shipment workflow writes them). */
const TRANSIT_EVENTS = ['DEPARTED', 'BORDER_CROSSED', 'ARRIVED', 'SLA_BREACHED', 'SEIZED'];

/** The facts the policy needs from the shipment's projection: booking, goods and value, and the damaged units at the warehouse receipt. */
export async function cargoFacts(db: Db, shipmentId: string) {
  const s = await db.shipment.findUniqueOrThrow({ where: { id: shipmentId }, select: { id: true, mode: true, corridor: true, status: true, currency: true, goodsValue: true, bookingNo: true, request: true } });
  const events = await db.shipmentEvent.findMany({ where: { shipmentId, type: { in: ['BOOKED', 'WAREHOUSE_RECEIVED', ...TRANSIT_EVENTS] } }, orderBy: { seq: 'asc' }, select: { type: true, at: true, detail: true } });
  const booked = events.find((e) => e.type === 'BOOKED');
  const departed = events.find((e) => e.type === 'DEPARTED');
  const seized = events.find((e) => e.type === 'SEIZED');
  const info = (e: { detail: unknown }) => String((e.detail as { info?: unknown } | null)?.info ?? '');
  const milestones = events.filter((e) => TRANSIT_EVENTS.includes(e.type)).map((e) => ({ type: e.type, at: e.at.toISOString(), info: info(e) }));
  const received = events.find((e) => e.type === 'WAREHOUSE_RECEIVED');
  const items = ((s.request as { items?: { sku: string; name: string; hsCode: string; unitPrice: number }[] }).items ?? []);
  const damagedRows = received ? await db.stockMovement.findMany({ where: { reference: shipmentId, kind: 'DAMAGED' }, orderBy: { id: 'asc' }, select: { sku: true, qty: true, eventKey: true, at: true } }) : [];
  const currency = s.currency as CurrencyCode;
  const damaged = damagedRows.map((d) => {
    const unitPrice = items.find((i) => i.sku === d.sku)?.unitPrice ?? 0;
    return { sku: d.sku, qty: d.qty.toString(), value: Math.round(Number(d.qty) * unitPrice * 10 ** CURRENCY_EXPONENT[currency]), eventKey: d.eventKey };
  });
  const receipt = received ? { on: chinaDate(received.at.getTime()), detail: typeof received.detail === 'string' ? received.detail : JSON.stringify(received.detail), damaged } : null;
  return {
    shipmentId: s.id, mode: s.mode, corridor: s.corridor, currency, ended: ENDED.includes(s.status),
    insuredValue: toMinor(s.goodsValue.toFixed(CURRENCY_EXPONENT[currency]), currency),
    goods: items.map((i) => ({ hsCode: i.hsCode, description: i.name })),
    booked: booked || s.bookingNo ? { on: chinaDate((booked?.at ?? new Date()).getTime()), bookingNo: s.bookingNo ?? '' } : null,
    receipt,
    /** SHA-256 of the receipt's facts as the claim's evidence (the warehouse's lines, the damaged units). */
    receiptDigest: receipt ? createHash('sha256').update(JSON.stringify(receipt)).digest('hex') : null,
    /** The journey as the carrier reported it (domain/finance/insured-events.ts decides loss and seizure). */
    departed: departed ? { at: departed.at.toISOString(), info: info(departed) } : null,
    arrived: events.some((e) => e.type === 'ARRIVED'),
    seized: seized ? { on: chinaDate(seized.at.getTime()), note: info(seized) } : null,
    /** SHA-256 of the carrier's milestones as recorded, the evidence of a loss in transit. */
    milestonesDigest: createHash('sha256').update(JSON.stringify({ shipmentId, bookingNo: s.bookingNo, milestones })).digest('hex'),
  };
}

/** Writes the workflow's state into the policy row. */
export async function projectPolicy(db: Db, policyId: string, s: CargoPolicyState): Promise<void> {
  await db.insurancePolicy.update({
    where: { id: policyId },
    data: {
      status: s.status, reason: s.reason ?? null, currency: s.currency ?? null, insuredValue: s.insuredValue === undefined ? null : BigInt(s.insuredValue),
      premium: s.premium === undefined ? null : BigInt(s.premium), rateBp: s.rateBp ?? null, policyNo: s.policyNo ?? null, coverFrom: s.coverFrom ?? null, coverTo: s.coverTo ?? null,
      claims: s.claims as unknown as Prisma.InputJsonArray,
      ...(s.credit ? { credit: s.credit as unknown as Prisma.InputJsonObject } : {}),
    },
  });
}
