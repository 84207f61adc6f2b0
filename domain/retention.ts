/**
 * How long buyers' personal data is kept (issue 14, finding 10). The legal record-keeping periods
 * are a floor: the platform keeps the records the law requires for at least that long, then
 * removes the personal fields (the figures statistics and audit need stay).
 *
 * ⚠ The reference (docs/reference/domain-rules.md) states one period that applies here: payment
 * institutions' cross-border transaction records are kept **5 years** (§4, 2015 pilot; the 2019
 * Measures keep "record keeping" without a number in the reference). It states no period for
 * customs documents of a retail import (order, payment voucher, waybill, list: 三单) nor for the
 * tax bill; until the zone's counsel confirms those, the same 5 years is applied to every kind,
 * counted from the end of the shipment (a return or a tax query can come up to then).
 */
export const RETENTION_FLOOR_DAYS = 5 * 365 + 2; // five years, leap days included

/** Kinds of record that hold personal data, and what the purge does to each. */
export const RETENTION_KINDS = {
  /** A 1210 order's buyer, consignee and payer fields and lookup hashes; counted from the shipment's end (completedAt). */
  shipmentRequest: 'personal fields set to null, lookup hashes removed',
  /** A callback body (receipts, tax bills, warehouse and bank notices); counted from its receipt. */
  inboundMessage: 'body emptied; system, hash, outcome and time kept',
  /** A buyer's annual quota and its reservations (keyed hashes); counted from the end of their year. */
  buyerQuota: 'rows of years that ended before the cut-off deleted',
} as const;

/** Records of personal data older than this (ended, or received, before it) are purged at `now`. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  if (!Number.isInteger(retentionDays) || retentionDays < RETENTION_FLOOR_DAYS) {
    throw new RangeError(`a retention of ${retentionDays} days is below the legal floor of ${RETENTION_FLOOR_DAYS} days`);
  }
  return new Date(now.getTime() - retentionDays * 86_400_000);
}
