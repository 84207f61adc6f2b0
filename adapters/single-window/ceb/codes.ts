/**
 * Receipt status codes (`returnStatus`), ceb-messages.md §9. No source gives a formal state
 * machine; the terminal-state rules below are practice (see comments), not specification.
 */

/** National codes (§9.1). Which receipt types use which code varies — see the reference. */
export const RECEIPT_STATUS = {
  '1': 'E-port saved as draft (电子口岸已暂存)',
  '2': 'E-port accepted (电子口岸申报中)',
  '3': 'Sent to customs (发送海关成功)',
  '4': 'Sending to customs failed (发送海关失败)',
  '100': 'Customs rejected (海关退单)',
  '120': 'Customs accepted into its database / logic check passed (海关入库)',
  '300': 'Manual review (人工审核)',
  '399': 'Customs concluded (海关审结)',
  '500': 'Inspection (查验)',
  '501': 'Detained – transferred to clearance (扣留移送通关)',
  '502': 'Detained – transferred to anti-smuggling (扣留移送缉私)',
  '503': 'Detained – transferred to legal department (扣留移送法规)',
  '505': 'Transferred (移交)',
  '599': 'Other detention (其它扣留)',
  '600': 'Suspended (挂起)',
  '700': 'Returned / re-shipped (退运)',
  '800': 'Released (放行)',
  '899': 'Cleared / closed (结关)',
} as const;
export type ReceiptStatusCode = keyof typeof RECEIPT_STATUS;

/**
 * Chengdu local platform codes (§9.2, 2018 gateway): -1 and 5 come synchronously,
 * 1003/1006 asynchronously before the national codes; 200 only on CEB608.
 * Whether today's Sichuan Single Window still uses them is not established (uncertain).
 */
export const CHENGDU_PLATFORM_STATUS = {
  '-1': 'Platform system error (系统异常处理)',
  '5': 'Pre-processing succeeded, message parsed (预处理成功)',
  '1003': 'Saved by the platform (平台已暂存)',
  '1006': 'Being sent to the E-port (正在发往电子口岸)',
  '200': 'Data received (数据已接收, CEB608 only)',
} as const;
export type ChengduPlatformStatusCode = keyof typeof CHENGDU_PLATFORM_STATUS;

function asInt(status: string | number): number | undefined {
  const text = String(status).trim();
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

/** Negative = processing error (若小于0数字表示处理异常回执), e.g. -301010, CEB900 format errors. */
export function isProcessingError(status: string | number): boolean {
  const n = asInt(status);
  return n !== undefined && n < 0;
}

/** 100 (海关退单) or any negative code. */
export function isRejection(status: string | number): boolean {
  const n = asInt(status);
  return n !== undefined && (n === 100 || n < 0);
}

/** Human-readable text for a status (national first, then Chengdu), or undefined. */
export function describeStatus(status: string | number): string | undefined {
  const key = String(status).trim();
  if (Object.hasOwn(RECEIPT_STATUS, key)) return RECEIPT_STATUS[key as ReceiptStatusCode];
  if (Object.hasOwn(CHENGDU_PLATFORM_STATUS, key)) return CHENGDU_PLATFORM_STATUS[key as ChengduPlatformStatusCode];
  if (isProcessingError(key)) return 'Processing error (处理异常)';
  return undefined;
}

/**
 * Last status a document of each receipt type normally reaches (practice, uncertain):
 * inventories (604/622) end at 899 结关; cancellations/returns and the order, receipt-of-payment,
 * waybill, arrival and departure receipts end at 399 审结 per the XSD texts ("…/399 海关审结等").
 */
const FINAL_SUCCESS: Record<string, readonly string[]> = {
  CEB604Message: ['899'],
  CEB622Message: ['899'],
  CEB606Message: ['399'],
  CEB624Message: ['399'],
  CEB626Message: ['399', '800'],
  CEB304Message: ['399'],
  CEB404Message: ['399'],
  CEB506Message: ['399'],
  CEB508Message: ['399'],
  CEB510Message: ['399'],
  CEB608Message: ['399', '899'],
};

/**
 * True when no further receipt is expected: rejections (100, negative) and 700 (退运)
 * always; otherwise the final success status of `messageType` (default: 899).
 */
export function isTerminal(status: string | number, messageType?: string): boolean {
  const key = String(status).trim();
  if (isRejection(key) || key === '700') return true;
  const finals = (messageType && FINAL_SUCCESS[messageType]) || ['899'];
  return finals.includes(key);
}
