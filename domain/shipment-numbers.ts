import type { ShipmentCreate } from './shipment.schema.js';

/**
 * The numbers that must be new for each shipment, because the Single Window files (and routes the
 * receipts of) each document under them (adapters/single-window/routing.ts documentKey). The
 * create path claims them in the same statement that writes the shipment (db/shipment-create.ts),
 * so a reused number is refused with a 409 before anything is written or started.
 *
 * Uniqueness as the references give it (docs/reference/ceb-messages.md, domain-rules.md §7):
 * - order number: unique per platform (ebpCode + orderNo);
 * - waybill number: must not repeat within 6 months for the same logistics enterprise
 *   (logisticsCode + logisticsNo). ⚠ The references state the 6 months but not from when they
 *   run (first declaration, departure or delivery): we count from when the number was claimed.
 * - payment transaction number (1210, CEB411): unique per payment enterprise (payCode +
 *   payTransactionId). ⚠ The references give this only from the payment providers' own rules
 *   ("unique per merchant"), with no period: we never release it.
 */
export type ShipmentNumberKind = 'ORDER' | 'WAYBILL' | 'PAYMENT';

export interface ShipmentNumber {
  kind: ShipmentNumberKind;
  /** The enterprise whose number it is (platform, logistics or payment enterprise code). */
  issuer: string;
  number: string;
  /** Where it is in the request body (the `field` of a 409). */
  field: string;
}

/** After how many months a claimed number may be used again (undefined: never). */
export const REUSABLE_AFTER_MONTHS: Readonly<Record<ShipmentNumberKind, number | undefined>> = { ORDER: undefined, WAYBILL: 6, PAYMENT: undefined };

/** Claims made before this time may be taken over (undefined: the number is never reused). */
export function reuseCutoff(kind: ShipmentNumberKind, at: Date): Date | undefined {
  const months = REUSABLE_AFTER_MONTHS[kind];
  if (months === undefined) return undefined;
  const cutoff = new Date(at);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

/** The number kind a Single Window document is filed under, where it is one of a shipment's numbers. */
export function numberKindOfDocument(docType: string): ShipmentNumberKind | undefined {
  if (docType === 'WAYBILL' || docType === 'IMPORT_WAYBILL' || docType === 'WAYBILL_STATUS') return 'WAYBILL';
  if (docType === 'ORDER' || docType === 'IMPORT_ORDER') return 'ORDER';
  if (docType === 'IMPORT_PAYMENT') return 'PAYMENT';
  return undefined;
}

export function shipmentNumbers(body: ShipmentCreate): ShipmentNumber[] {
  const numbers: ShipmentNumber[] = [
    { kind: 'ORDER', issuer: body.platform.code, number: body.orderNo, field: 'body.orderNo' },
    { kind: 'WAYBILL', issuer: body.logistics.code, number: body.logistics.waybillNo, field: 'body.logistics.waybillNo' },
  ];
  if (body.mode === '1210') numbers.push({ kind: 'PAYMENT', issuer: body.payment.payCode, number: body.payment.transactionId, field: 'body.payment.transactionId' });
  return numbers;
}

/** What a 409 says about a number taken (the same whoever holds it: no shipment id, no enterprise). */
export function numberTakenMessage(n: ShipmentNumber): string {
  const months = REUSABLE_AFTER_MONTHS[n.kind];
  const what = { ORDER: `order number ${n.number} of platform ${n.issuer}`, WAYBILL: `waybill number ${n.number} of logistics enterprise ${n.issuer}`, PAYMENT: `payment transaction ${n.number} of payment enterprise ${n.issuer}` }[n.kind];
  return `${what} is already used by another shipment${months ? ` (it may be used again ${months} months after its first use)` : ''}; each shipment needs a new one`;
}
