/**
 * Receipt (回执) entities of the export flow, field by field as in the 202205 XSD
 * (ceb-messages.md §6.2), plus CEB900 (§7.2). Property order = XSD element order.
 * Receipts carry only these entities under the root (no BaseTransfer, §2.1).
 * returnStatus C..10 (§9), returnTime C17 yyyyMMddHHmmssSSS, returnInfo C..1000.
 */

/** CEB304 OrderReturn (订单回执). */
export interface Ceb304OrderReturn {
  guid: string;
  ebpCode: string;
  ebcCode: string;
  orderNo: string;
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}

/** CEB404 ReceiptsReturn (收款单回执). */
export interface Ceb404ReceiptsReturn {
  guid: string;
  ebcCode: string;
  orderNo: string;
  payNo?: string;
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}

/** CEB506 LogisticsReturn (物流运单回执). */
export interface Ceb506LogisticsReturn {
  guid: string;
  logisticsCode: string;
  logisticsNo: string;
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}

/** CEB508 ArrivalReturn (运抵单回执). */
export interface Ceb508ArrivalReturn {
  guid: string;
  operatorCode: string;
  logisticsCode: string;
  preNo: string; // C18
  copNo: string;
  billNo: string; // C..37
  msgSeqNo: number; // int
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}

/** CEB510 DepartureReturn (离境单回执). */
export interface Ceb510DepartureReturn {
  guid: string;
  logisticsCode: string;
  copNo: string;
  preNo: string; // C18
  msgSeqNo: number; // int
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}

/** CEB604 InventoryReturn (出口清单回执). statisticsFlag is echoed (the official sample shows "1"). */
export interface Ceb604InventoryReturn {
  guid: string;
  agentCode: string;
  copNo: string;
  preNo: string; // C18
  invtNo: string; // C..20
  ebcCode: string;
  ebpCode: string;
  orderNo: string;
  statisticsFlag: string;
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}

/** CEB606 InvtCancelReturn (撤销申请单回执). */
export interface Ceb606InvtCancelReturn {
  guid: string;
  agentCode: string;
  copNo: string;
  preNo: string; // C18
  invtNo: string; // C..20
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}

/** CEB900 MessageReturn (报文格式校验回执): returnStatus < 0, returnInfo C..5000. Note the XSD order. */
export interface Ceb900MessageReturn {
  guid: string;
  returnStatus: string;
  returnInfo: string;
  returnTime: string;
  oriCopMsgId: string; // C..255
  oriMessageType: string; // C..15, "Unknown" if unknown
  oriBizMessage: string; // the original message text
}

/** CEB702 SummaryReturn (汇总申请单回执); sumNo comes once customs accepted the application. */
export interface Ceb702SummaryReturn {
  guid: string;
  agentCode: string;
  ebcCode: string;
  copNo: string; // C..30
  preNo: string; // C18
  sumNo?: string; // C18
  msgSeqNo: number; // int
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}

// ---- Import receipts (ceb-messages.md §7.2) ----

/** CEB312 OrderReturn (进口订单回执). */
export interface Ceb312OrderReturn {
  guid: string;
  ebpCode: string;
  ebcCode: string;
  orderNo: string;
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}

/** CEB412 PaymentReturn (支付凭证回执): keyed by payCode + payTransactionId. */
export interface Ceb412PaymentReturn {
  guid: string;
  payCode: string;
  payTransactionId: string; // C..60
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}

/** CEB512 LogisticsReturn (进口运单回执). logisticsNo C..60. */
export interface Ceb512LogisticsReturn {
  guid: string;
  logisticsCode: string;
  logisticsNo: string;
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}

/** CEB514 LogisticsStatusReturn (运单状态回执). */
export interface Ceb514LogisticsStatusReturn {
  guid: string;
  logisticsCode: string;
  logisticsNo: string;
  logisticsStatus: string; // "S"
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}

/**
 * CEB622 InventoryReturn (进口清单回执). Keyed by copNo (C..20); no orderNo in the XSD (unlike
 * CEB604). invtNo C18, present from the 120 on.
 */
export interface Ceb622InventoryReturn {
  guid: string;
  customsCode?: string; // C4
  ebpCode?: string;
  ebcCode?: string;
  agentCode?: string;
  copNo: string; // C..20
  preNo: string; // C18
  invtNo?: string; // C18
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}

/** CEB624 InvtCancelReturn (进口撤销申请单回执). Note agentCode before ebpCode here. */
export interface Ceb624InvtCancelReturn {
  guid: string;
  customsCode?: string;
  agentCode?: string;
  ebpCode?: string;
  ebcCode?: string;
  copNo: string; // C..20
  preNo: string; // C18
  invtNo?: string; // C18
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}

/** CEB626 InvtRefundReturn (退货申请单回执). */
export interface Ceb626InvtRefundReturn {
  guid: string;
  customsCode?: string;
  agentCode?: string;
  ebpCode?: string;
  ebcCode?: string;
  copNo: string; // C..20
  preNo: string; // C18
  invtNo?: string; // C18
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}
