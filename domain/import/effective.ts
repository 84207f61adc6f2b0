/**
 * Effective-dated data. Rates and limits change by announcement on a given day (and the reference
 * warns they change often), so every number lives in a table of rows `{ effectiveFrom, ... }` and
 * logic looks the row up by the business date instead of hard-coding a value. Dates are calendar
 * days 'YYYY-MM-DD' (China time for customs and tax dates); ISO strings compare lexicographically.
 */
export interface Effective {
  /** First day (inclusive) the row applies, 'YYYY-MM-DD'. */
  effectiveFrom: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Throws unless `date` is a real calendar day written 'YYYY-MM-DD'. */
export function assertIsoDate(date: string): void {
  const m = ISO_DATE.exec(date);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!d || d.toISOString().slice(0, 10) !== date) throw new RangeError(`not a date 'YYYY-MM-DD': ${date}`);
}

/** The row in force on `date`: the latest `effectiveFrom` on or before it. Throws if none. */
export function effectiveOn<T extends Effective>(rows: readonly T[], date: string, what = 'rule'): T {
  assertIsoDate(date);
  let best: T | undefined;
  for (const row of rows) {
    if (row.effectiveFrom <= date && (!best || row.effectiveFrom > best.effectiveFrom)) best = row;
  }
  if (!best) throw new RangeError(`no ${what} in force on ${date}`);
  return best;
}
