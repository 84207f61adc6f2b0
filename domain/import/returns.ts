import { DAY, scaled } from '../time.js';

/**
 * 1210 returns (docs/reference/domain-rules.md §1.6 step 8, §2.2; GACC Ann. 2020 No. 45): the
 * return application (CEB625) is filed within 30 days of the list's release, and the goods must
 * be back in the original bonded centre within 45 days of release; then the tax is not levied and
 * the buyer's annual quota is restored. The platform therefore gives the quota back only on the
 * warehouse receipt of the returned goods (the centre counted them in), not on the CEB625 receipt.
 *
 * ⚠ Not stated by the reference, chosen here:
 * - whether day 45 counts from release (as the 30 days do) or from the CEB625: from release;
 * - what happens when the goods come back later: the reference only gives the in-time outcome;
 *   the platform keeps the quota used (the tax is not waived) and says so on the timeline;
 * - the days are business days of the scaled clock, counted as elapsed time, not calendar dates.
 */
export const RETURN_APPLICATION_DAYS = 30;
export const RETURN_GOODS_BACK_DAYS = 45;

/** Whether goods back in the centre at `backAt` are in time for a list released at `releasedAt` (epoch ms). */
export function goodsBackInTime(releasedAt: number, backAt: number, timeScale: number, days = RETURN_GOODS_BACK_DAYS): boolean {
  return backAt <= releasedAt + scaled(days * DAY, timeScale);
}
