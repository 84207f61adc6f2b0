/**
 * Messages customs issues that are not `…Return` receipts (ceb-messages.md §6.2, §7.2):
 * CEB816 electronic tax bill, CEB818 tax-bill status, CEB792 summary result. Like receipts they
 * carry only their entities under the root (no BaseTransfer, no signature). The XSD-shaped
 * entities come first, then the flat reader types of parseTaxBills / parseTaxBillStatuses /
 * parseSummaryResults.
 */
import type { Decimal } from './types.js';

/** CEB816/818 `status`: 1 generated (已生成) / 2 summarised (已汇总) / 3 void (作废). */
export type TaxBillStatusCode = '1' | '2' | '3';

/** CEB816 Tax/TaxHeadRd (电子税单表头). */
export interface Ceb816TaxHeadRd {
  guid: string; // C36
  returnTime: string; // C17
  invtNo: string; // C..18
  taxNo: string; // C..50 (seen as `<invtNo>_0`)
  customsTax: Decimal; // 应征关税
  valueAddedTax: Decimal; // 应征增值税
  consumptionTax: Decimal; // 应征消费税
  status: TaxBillStatusCode;
  entDutyNo?: string; // C..50 缴款书编号
  note?: string;
  assureCode?: string; // C..64
  ebcCode?: string; // C..64
  logisticsCode?: string; // C..64
  agentCode?: string; // C..18
  customsCode?: string; // C4
}

/** CEB816 Tax/TaxListRd (电子税单表体), 1..99. */
export interface Ceb816TaxListRd {
  gnum: number;
  gcode: string; // C10
  taxPrice: Decimal; // 完税总价格
  customsTax: Decimal;
  valueAddedTax: Decimal;
  consumptionTax: Decimal;
}

export interface Ceb816Tax {
  TaxHeadRd: Ceb816TaxHeadRd;
  TaxListRd: Ceb816TaxListRd[];
}

/** CEB818 Tax/TaxHeadStatus (电子税单状态). */
export interface Ceb818TaxHeadStatus {
  guid: string;
  returnTime: string; // C17
  invtNo: string;
  taxNo: string;
  status: TaxBillStatusCode;
  entDutyNo?: string;
  assureCode?: string;
}

export interface Ceb818Tax {
  TaxHeadStatus: Ceb818TaxHeadStatus;
}

/** CEB792 SummaryResult/SummaryResultHead (汇总结果单表头). */
export interface Ceb792SummaryResultHead {
  guid: string;
  customsCode: string; // C4
  sumNo: string; // C18
  opDate: string; // C17 yyyyMMddHHmmssSSS
  declSeqNo: string; // C18 汇总统一编号 (one customs declaration)
  decTmpNo?: string; // C18
  decPreNo?: string; // C18
  entryId?: string; // C18 报关单编号
  decState: string; // C..3, values set by customs (official sample "A")
  agentCode: string;
  agentName: string;
  ebcCode: string;
  ebcName: string;
  declAgentCode: string;
  declAgentName: string;
  grossWeight: Decimal;
  netWeight: Decimal;
  msgCount: number;
  msgSeqNo: number;
  note?: string;
}

/** CEB792 SummaryResult/SummaryResultList, 0..∞: one row per inventory line summarised. */
export interface Ceb792SummaryResultList {
  invtNo: string; // C..20
  logisticsNo: string; // C..32
  gseqno: number; // int, order within the result (202205)
  gnum: number; // the inventory's line number
  gcode: string; // C10
}

export interface Ceb792SummaryResult {
  SummaryResultHead: Ceb792SummaryResultHead;
  SummaryResultList: Ceb792SummaryResultList[];
}

// ---- Reader results (flat, for the platform) ----

/** Root guid and the elements of the head that the XSD does not define (e.g. orderNo, logisticsNo on public CEB816). */
interface IssuedMeta {
  messageGuid: string;
  extra: Record<string, string>;
}

export interface TaxBillLine {
  gnum: number;
  gcode: string;
  taxPrice: Decimal;
  customsTax: Decimal;
  valueAddedTax: Decimal;
  consumptionTax: Decimal;
}

/** One CEB816 electronic tax bill. Amounts are decimal text in CNY (e.g. "37.31"). */
export interface TaxBill extends IssuedMeta {
  guid: string;
  returnTime: string;
  invtNo: string;
  taxNo: string;
  customsTax: Decimal;
  valueAddedTax: Decimal;
  consumptionTax: Decimal;
  status: string;
  entDutyNo?: string;
  assureCode?: string;
  ebcCode?: string;
  logisticsCode?: string;
  agentCode?: string;
  customsCode?: string;
  note?: string;
  lines: TaxBillLine[];
}

/** One CEB818 tax-bill status. */
export interface TaxBillStatus extends IssuedMeta {
  guid: string;
  returnTime: string;
  invtNo: string;
  taxNo: string;
  status: string;
  entDutyNo?: string;
  assureCode?: string;
}

export interface SummaryResultLine {
  invtNo: string;
  logisticsNo: string;
  gseqno: number;
  gnum: number;
  gcode: string;
}

/** One CEB792 summary result: one customs declaration (declSeqNo, entryId) of a summary application (sumNo). */
export interface SummaryResult extends IssuedMeta {
  guid: string;
  customsCode: string;
  sumNo: string;
  opDate: string;
  declSeqNo: string;
  decTmpNo?: string;
  decPreNo?: string;
  entryId?: string;
  decState: string;
  agentCode: string;
  agentName: string;
  ebcCode: string;
  ebcName: string;
  declAgentCode: string;
  declAgentName: string;
  grossWeight: Decimal;
  netWeight: Decimal;
  msgCount: number;
  msgSeqNo: number;
  note?: string;
  lines: SummaryResultLine[];
}
