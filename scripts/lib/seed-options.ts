/** What `npm run seed` writes and how its rows are marked (seed.ts). */

/** Prefix of every seeded enterprise id (their shipments are `shipment:seed:…`). */
export const SEED_PREFIX = 'seed:';

export interface SeedOptions {
  shipments: number;
  enterprises: number;
  /** Months of history, the current one included. */
  months: number;
  /** Also write one ShipmentLine per shipment. */
  lines: boolean;
  seed: number;
  /** "Now" for ages, statuses and the current month (tests pin it). */
  now: number;
}
