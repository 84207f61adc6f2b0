/**
 * The CEB603 `statisticsFlag` (申报业务类型) of an export list (docs/reference/domain-rules.md §1.3 step 4;
 * docs/reference/ceb-messages.md, CEB603 head):
 * - `A` simplified (简化申报, "清单核放、汇总统计"): only for goods with no licence, no export duty and
 *   **no export tax refund**; the list is never compiled into a customs declaration (报关单), so
 *   there is no declaration number (entryId) for the refund or for FX matching (§4.3);
 * - `B` summary declaration (汇总申报): the list enters the monthly summary declaration, whose
 *   CEB792 result brings the 报关单号 (entryId).
 *
 * 9710 and 9810 lists are always B: refund-claiming consignments go by customs declaration (no
 * list at all, below), and the lists of those that claim none (`refundClaim: false`) enter the
 * summary. A request asking for A is still refused (STATISTICS_FLAG_A_NO_REFUND), also with
 * `refundClaim: false` (⚠ kept from issue 16 item 3; A would be possible without a refund but loses
 * the 报关单 the FX matching relies on, §4.3). The zone default (STATISTICS_FLAG) applies to 9610 only.
 * Decision (issue 16 item 3): refuse rather than run without a refund, because a 9710/9810 without
 * a refund and without a 报关单 would also lose the FX matching the B2B flow relies on (§4.3).
 */
export type StatisticsFlag = 'A' | 'B';

/*
 * Issue 16 item 2 — which number a 9710/9810 refund files under. Decision (made by the lead):
 * refund-claiming 9710/9810 consignments (request `refundClaim`, default true) go through a customs
 * declaration (报关单, the H2018 route); the list (清单) route carries only consignments that claim
 * no refund (B list, monthly summary, no refund step). The refund (9710) and the HWC-YT pre-refund
 * at departure (9810) file under the declaration's 18-digit 报关单号 (entryId), kept on the shipment.
 * Sources: docs/reference/ceb-messages.md "Four declaration routes" (报关单 route: the CEB303 B/W
 * order or booking note is referenced by attached-document type 10000004 and matched, 对碰; above
 * CNY 5,000 or 涉证/涉检/涉税 → H2018), domain-rules.md §1.4, §1.5, §3.1 condition 2, §4.3, §7.3
 * (entryId format), §8 open point 5 (refund cases excluded from the list route).
 * ⚠ The 报关单 message is our own format, not the official one (adapters/single-window/entry/format.ts,
 * docs/single-window-entry-declaration.md). ⚠ The official text of GACC Ann. 2020 No. 75 was not
 * found (only secondary pages repeating the ≤ CNY 5,000 / 不涉证不涉检不涉税 rule).
 * Shipments created before `refundClaim` existed keep the list route and file under the summary's
 * entryId when it came first, else under the inventory number (their timeline says so).
 */

/** Modes whose shipments claim the export VAT refund and so need a customs declaration number. */
export const REFUND_MODES: readonly string[] = ['9710', '9810'];

export const claimsRefund = (mode: string): boolean => REFUND_MODES.includes(mode);

/** The flag an export list is declared with: the request's, else B for refund modes, else the zone default. */
export function statisticsFlagOf(mode: string, requested: StatisticsFlag | undefined, zoneDefault: StatisticsFlag): StatisticsFlag {
  return requested ?? (claimsRefund(mode) ? 'B' : zoneDefault);
}
