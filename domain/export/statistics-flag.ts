/**
 * The CEB603 `statisticsFlag` (申报业务类型) of an export list (docs/reference/domain-rules.md §1.3 step 4;
 * docs/reference/ceb-messages.md, CEB603 head):
 * - `A` simplified (简化申报, "清单核放、汇总统计"): only for goods with no licence, no export duty and
 *   **no export tax refund**; the list is never compiled into a customs declaration (报关单), so
 *   there is no declaration number (entryId) for the refund or for FX matching (§4.3);
 * - `B` summary declaration (汇总申报): the list enters the monthly summary declaration, whose
 *   CEB792 result brings the 报关单号 (entryId).
 *
 * 9710 and 9810 shipments always claim the export VAT refund (their `vatRefund` / `preRefund`
 * stages, §1.4 step 6, §1.5 step 4), so they are always B: a request asking for A is refused
 * (STATISTICS_FLAG_A_NO_REFUND), and the zone default (STATISTICS_FLAG) applies to 9610 only.
 * Decision (issue 16 item 3): refuse rather than run without a refund, because a 9710/9810 without
 * a refund and without a 报关单 would also lose the FX matching the B2B flow relies on (§4.3).
 */
export type StatisticsFlag = 'A' | 'B';

/*
 * Issue 16 item 2 — which number a 9710/9810 refund files under. Decision: the list (清单) route
 * stays for consignments up to CNY 5,000; their lists are B and enter the summary declaration
 * like 9610 lists (db/summaries.ts SUMMARY_MODES, one declaration per supervision mode), whose
 * CEB792 result writes the 报关单号 (entryId) on the shipment; the refund files under that entryId.
 * Sources: domain-rules.md §3.1 condition 2 ("for 9710/9810 the 报关单 or summarised data"),
 * §1.3 step 4/8 (B = 汇总申报 produces the 报关单 with its entryId), §4.3 (keep the entryId on every
 * export), ceb-messages.md §2 sequence note (B lists → 701/702/792 → 报关单 "for export rebate").
 * ⚠ Unsure: §8 open point 5 (whether the 清单 route can carry refund claims; "涉税" read as
 * excluding refund cases) is not settled by the references, and the official text of GACC Ann.
 * 2020 No. 75 was not found (searched the pages corpus: only secondary pages, e.g.
 * bbs.jying.cn/thread-221084-1-1.html repeating the ≤ CNY 5,000 / 不涉证不涉检不涉税 rule). The H2018
 * route (above CNY 5,000) is still refused (H2018_DECLARATION_REQUIRED).
 * ⚠ Gap: a refund step reached before the month's summary (the 9810 HWC-YT pre-refund at
 * departure; a 9710 whose FX arrives before the summary) still files under the inventory number
 * and says so in its timeline ("no customs declaration number yet").
 */

/** Modes whose shipments claim the export VAT refund and so need a customs declaration number. */
export const REFUND_MODES: readonly string[] = ['9710', '9810'];

export const claimsRefund = (mode: string): boolean => REFUND_MODES.includes(mode);

/** The flag an export list is declared with: the request's, else B for refund modes, else the zone default. */
export function statisticsFlagOf(mode: string, requested: StatisticsFlag | undefined, zoneDefault: StatisticsFlag): StatisticsFlag {
  return requested ?? (claimsRefund(mode) ? 'B' : zoneDefault);
}
