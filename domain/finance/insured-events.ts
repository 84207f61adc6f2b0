import { corridorInfo } from '../corridors.js';
import { DAY, scaled } from '../time.js';
import { addDays } from './interest.js';

/**
 * When an insured event happens, decided from the shipment's own facts (the projection the
 * shipment workflow writes, read by the policy workflows): a consignment lost in transit, goods
 * seized, an export credit's proceeds not received by their due date. Pure: the workflows call it.
 */

/**
 * ASSUMPTION (no source found; marine practice presumes a missing conveyance lost after a
 * "reasonable time"): a consignment that departed and has no arrival 30 business days after its
 * corridor's transit service level (border + arrival, adapters/<carrier>/definition.ts) is presumed
 * lost in transit. The carriers report no loss event (five milestones and INFO, which the platform
 * does not record), so silence past this deadline is the fact the claim rests on.
 */
export const LOSS_GRACE_MS = 30 * DAY;

/** Business ms after departure past which a consignment without arrival is presumed lost. */
export function lossPresumedAfterMs(corridor: string): number {
  const { border, arrival } = corridorInfo(corridor).sla;
  return border + arrival + LOSS_GRACE_MS;
}

/** The real instant (ms) a departed consignment without arrival is presumed lost, at this time scale. */
export function lossDeadline(departedAt: string, corridor: string, timeScale: number): number {
  return Date.parse(departedAt) + scaled(lossPresumedAfterMs(corridor), timeScale);
}

/** What the cargo policy's facts say happened to the goods in transit, if anything insured. */
export type TransitOutcome =
  | { kind: 'SEIZED'; on: string; note: string }
  | { kind: 'LOST'; departedAt: string }
  | { kind: 'NONE' };

export interface TransitFacts {
  corridor: string | null;
  departed?: { at: string } | null;
  arrived?: boolean;
  seized?: { on: string; note: string } | null;
}

/**
 * Seizure first (customs' decision ends the shipment), then loss: departed, no arrival, and past
 * lossDeadline at `nowMs`. ASSUMPTION (docs/finance.md §6): seizure is excluded from cargo cover,
 * so the policy opens no claim for it and says so; the insurer would decline it anyway.
 */
export function transitOutcome(f: TransitFacts, nowMs: number, timeScale: number): TransitOutcome {
  if (f.seized) return { kind: 'SEIZED', on: f.seized.on, note: f.seized.note };
  if (f.corridor && f.departed && !f.arrived && nowMs >= lossDeadline(f.departed.at, f.corridor, timeScale)) return { kind: 'LOST', departedAt: f.departed.at };
  return { kind: 'NONE' };
}

/**
 * Export credit insurance of a 9710 consignment: the payment term (credit period) the enterprise
 * agreed with its buyer, in days. ASSUMPTION: it runs from the customs release's China date (the
 * consignment is covered from release, when the goods left the seller's control), 90 days unless
 * the application says (1–180: short-term export credit insurance covers up to 180 days).
 */
export const CREDIT_TERMS_DAYS = { min: 1, max: 180, default: 90 } as const;

/** The calendar date the buyer must have paid by: release date + payment term. */
export function creditDueDate(releasedOn: string, termsDays: number): string {
  return addDays(releasedOn, termsDays);
}

/**
 * The real instant (ms) the due date is reached at this time scale: the term is business time from
 * the release (TIME_SCALE shortens the wait, not the dates shown, as for loans).
 */
export function creditDueAt(releasedAt: string, termsDays: number, timeScale: number): number {
  return Date.parse(releasedAt) + scaled(termsDays * DAY, timeScale);
}

/**
 * ASSUMPTION: proceeds that settle after a non-payment claim opened are a recovery: recorded on the
 * policy while the platform watches (until 90 business days after the due date, the insurer's cover
 * end), owed to the insurer up to the indemnity it paid (subrogation); the platform moves no money
 * and the insurer's API has no call for it, so the enterprise and ops see it on the policy.
 */
export const RECOVERY_WATCH_MS = 90 * DAY;
