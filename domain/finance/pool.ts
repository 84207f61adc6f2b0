import { divide, sum } from './money.js';
import { receivableFacts, type ReceivableShipment } from './receivables.js';

/**
 * A 9610 pool loan (RECEIVABLE_9610_POOL, issue 20: "a single parcel is too small to finance"):
 * which parcels may join a pool, what each business day's sweep of their settlements repays, and
 * the shortfall a parcel that drops out leaves. Pure: workflows/finance/pool.workflow.ts reads the
 * parcels through an activity and decides here, as does the API before anything is written.
 */

/** Why a named parcel cannot join a pool; the API answers it with the parcel's index as the field. */
export type ParcelProblem = 'WRONG_MODE' | 'NOT_RELEASED' | 'SHIPMENT_ENDED' | 'ALREADY_COLLECTED' | 'ALREADY_FINANCED' | 'NO_CNY_VALUE';

/**
 * A 9610 parcel may join a pool once customs released it (or it departed), while it is still under
 * way and its proceeds are not settled, when no other loan (running or repaid) finances it, and
 * when it has a CNY value.
 * ASSUMPTION (as receivables.ts): a parcel priced in foreign currency has no CNY value before its
 * proceeds settle, so it cannot be pooled (the API refuses it rather than leaving it out silently).
 */
export function parcelProblem(s: ReceivableShipment): ParcelProblem | undefined {
  if (s.mode !== '9610') return 'WRONG_MODE';
  const f = receivableFacts(s.events);
  if (f.settled) return 'ALREADY_COLLECTED';
  if (s.ended) return 'SHIPMENT_ENDED';
  if (!f.released && !f.departed) return 'NOT_RELEASED';
  if (s.financedElsewhere.includes(s.shipmentId)) return 'ALREADY_FINANCED';
  if (s.valueFen === null) return 'NO_CNY_VALUE';
  return undefined;
}

/**
 * A pooled parcel as a sweep needs it: whether it ended, and its settlement once there. The loan
 * reads only this for the parcels it still waits for (activities readPoolParcels): a few dozen
 * bytes a parcel in its history each business day, rather than every parcel's timeline.
 */
export interface ParcelNow {
  shipmentId: string;
  ended: boolean;
  settled?: { cny: number; on: string };
}

export function parcelNow(s: ReceivableShipment): ParcelNow {
  const settled = receivableFacts(s.events).settled;
  return { shipmentId: s.shipmentId, ended: s.ended, ...(settled ? { settled: { cny: settled.cny, on: settled.on } } : {}) };
}

/** One parcel settled into CNY (its FX_SETTLED, or a CNY FUNDS_RECEIVED), on its China date. */
export interface ParcelSettled {
  ref: string;
  cny: number;
  on: string;
}

/** What a business day's look at the pool found that the loan had not yet taken into account. */
export interface PoolSweep {
  /** Parcels settled since the last sweep: repaid together, by one instruction. */
  settled: ParcelSettled[];
  /** Parcels that ended (cancelled, failed, returned, completed) without their proceeds settled. */
  dropped: string[];
  /** Parcels neither settled nor dropped yet, the ones just swept excluded. */
  pending: string[];
}

/**
 * The pool's parcels as they stand, against what the loan already swept or found dropped. A parcel
 * the read did not return (its row gone) counts as dropped.
 */
export function sweepPool(refs: readonly string[], parcels: readonly ParcelNow[], seen: { swept: readonly string[]; dropped: readonly string[] }): PoolSweep {
  const out: PoolSweep = { settled: [], dropped: [], pending: [] };
  for (const ref of refs) {
    if (seen.swept.includes(ref) || seen.dropped.includes(ref)) continue;
    const s = parcels.find((x) => x.shipmentId === ref);
    const settled = s?.settled;
    if (settled) out.settled.push({ ref, cny: settled.cny, on: settled.on });
    else if (!s || s.ended) out.dropped.push(ref);
    else out.pending.push(ref);
  }
  return out;
}

/** The amount one sweep repays from and its date: the settlements summed, on the latest of their dates. */
export function sweepReceipt(settled: readonly ParcelSettled[]): { cny: number; on: string } {
  return { cny: sum(settled.map((x) => x.cny)), on: settled.map((x) => x.on).reduce((a, b) => (a > b ? a : b)) };
}

/**
 * What the loan owes that the parcels still pending no longer cover (a borrowing-base shortfall):
 * the principal outstanding less those parcels' value at the loan's own advance rate (principal
 * disbursed ÷ value financed), rounded down; everything outstanding (fees and interest too) once no
 * parcel is pending. 0 while the pending parcels cover the principal: their proceeds, above the
 * advance by the lender's margin, carry the fees and interest.
 * ASSUMPTION: a parcel that drops out takes its share of the advance with it; the rest of the pool
 * keeps backing the rest of the loan at the rate it was lent at. No source; the usual borrowing-base
 * rule of receivables pools, applied with the platform's own figures.
 */
export function poolShortfall(owed: { principal: number; total: number }, pendingValue: number, disbursed: number, financedValue: number): number {
  if (pendingValue === 0) return owed.total;
  const covered = Number(divide(BigInt(pendingValue) * BigInt(disbursed), BigInt(financedValue), 'FLOOR'));
  return Math.max(0, owed.principal - covered);
}
