/**
 * Customs documents of a 9610 export and the receipt statuses the workflow acts on
 * (ceb-messages.md §6.1, §9.1). No source gives a formal state machine; the order below is the
 * observed one: 2 (e-port accepted) → 120 (customs logic check passed) → 300/500 (manual review,
 * inspection) → 800 (released) → 899 (closed); 100 or a negative status is a rejection.
 */
export const DocType = {
  ORDER: 'ORDER',
  PAYMENT_RECEIPT: 'PAYMENT_RECEIPT',
  WAYBILL: 'WAYBILL',
  INVENTORY: 'INVENTORY',
  INVENTORY_CANCEL: 'INVENTORY_CANCEL',
  ARRIVAL: 'ARRIVAL',
  DEPARTURE: 'DEPARTURE',
  /** 1210 bonded import (ceb-messages.md §7.1): order, payment voucher and waybill from three parties. */
  IMPORT_ORDER: 'IMPORT_ORDER',
  IMPORT_PAYMENT: 'IMPORT_PAYMENT',
  IMPORT_WAYBILL: 'IMPORT_WAYBILL',
  /** Import inventory (进口清单); its release brings the e-tax bill CEB816. */
  IMPORT_INVENTORY: 'IMPORT_INVENTORY',
  IMPORT_INVENTORY_CANCEL: 'IMPORT_INVENTORY_CANCEL',
  IMPORT_RETURN: 'IMPORT_RETURN',
  /** Waybill status (CEB513, signed for) by the logistics enterprise. */
  WAYBILL_STATUS: 'WAYBILL_STATUS',
  /** 9610 monthly summary application (汇总申请单); customs answers with CEB792 results. */
  SUMMARY: 'SUMMARY',
  /**
   * 9710/9810 export customs declaration (报关单, H2018 route) of a refund-claiming consignment:
   * its receipts bring the 报关单号 (entryId). Our own message format, NOT the official one
   * (adapters/single-window/entry/format.ts).
   */
  ENTRY_DECLARATION: 'ENTRY_DECLARATION',
} as const;
export type DocType = (typeof DocType)[keyof typeof DocType];

/** Fields a customs document takes beyond the shipment itself (a cancellation's invtNo and reason, the booking). */
export interface DocExtra {
  invtNo?: string;
  reason?: string;
  bookingNo?: string;
  /** The main-leg conveyance of the booking (train number, service, mail route): TransportBooking.conveyanceRef. */
  conveyanceRef?: string;
  /** @deprecated The same under its rail-era name, in document inputs scheduled before the rename: read, never written. */
  trainNo?: string;
}

export const REQUEST_MESSAGE: Record<DocType, string> = {
  ORDER: 'CEB303Message',
  PAYMENT_RECEIPT: 'CEB403Message',
  WAYBILL: 'CEB505Message',
  INVENTORY: 'CEB603Message',
  INVENTORY_CANCEL: 'CEB605Message',
  ARRIVAL: 'CEB507Message',
  DEPARTURE: 'CEB509Message',
  IMPORT_ORDER: 'CEB311Message',
  IMPORT_PAYMENT: 'CEB411Message',
  IMPORT_WAYBILL: 'CEB511Message',
  IMPORT_INVENTORY: 'CEB621Message',
  IMPORT_INVENTORY_CANCEL: 'CEB623Message',
  IMPORT_RETURN: 'CEB625Message',
  WAYBILL_STATUS: 'CEB513Message',
  SUMMARY: 'CEB701Message',
  ENTRY_DECLARATION: 'CbecEntryDeclaration',
};

export const RECEIPT_DOC: Record<string, DocType> = {
  CEB304Message: 'ORDER',
  CEB404Message: 'PAYMENT_RECEIPT',
  CEB506Message: 'WAYBILL',
  CEB604Message: 'INVENTORY',
  CEB606Message: 'INVENTORY_CANCEL',
  CEB508Message: 'ARRIVAL',
  CEB510Message: 'DEPARTURE',
  CEB312Message: 'IMPORT_ORDER',
  CEB412Message: 'IMPORT_PAYMENT',
  CEB512Message: 'IMPORT_WAYBILL',
  CEB622Message: 'IMPORT_INVENTORY',
  CEB624Message: 'IMPORT_INVENTORY_CANCEL',
  CEB626Message: 'IMPORT_RETURN',
  CEB514Message: 'WAYBILL_STATUS',
  CEB702Message: 'SUMMARY',
  CbecEntryDeclarationReturn: 'ENTRY_DECLARATION',
};

/** A receipt as the workflow receives it (a signal), already routed to its shipment. */
export interface CustomsReceipt {
  docType: DocType;
  messageType: string;
  guid: string;
  returnStatus: string;
  returnInfo: string;
  returnTime: string;
  copNo?: string;
  preNo?: string;
  invtNo?: string;
  /** Customs declaration (报关单) receipts from the 120 on: the 18-digit declaration number. */
  entryId?: string;
}

export const ReceiptStatus = {
  DRAFT: '1',
  ACCEPTED: '2',
  SENT: '3',
  SEND_FAILED: '4',
  REJECTED: '100',
  LOGIC_CHECK_PASSED: '120',
  MANUAL_REVIEW: '300',
  CONCLUDED: '399',
  INSPECTION: '500',
  RELEASED: '800',
  CLOSED: '899',
} as const;

export function isRejection(status: string): boolean {
  return status === ReceiptStatus.REJECTED || status === ReceiptStatus.SEND_FAILED || /^-\d+$/.test(status);
}

/** Progress rank of a non-rejection status; receipts may arrive out of order, rank decides. */
const RANK: Record<string, number> = { '1': 1, '2': 2, '3': 3, '120': 4, '300': 5, '500': 6, '399': 7, '800': 8, '899': 9 };

export function receiptRank(status: string): number {
  return RANK[status] ?? 0;
}

/** Receipt statuses the platform acts on; others (draft, sent, local 1003/1006) are only stored. */
export function isActionable(status: string): boolean {
  return isRejection(status) || ['2', '120', '300', '399', '500', '800', '899'].includes(status);
}

/**
 * The progress statuses some shipment flow waits for, per document (workflows/shipment/*: each
 * `fileUntil`/`waitWithSla` threshold). A flow waits for "rank at least X", so a receipt matters
 * when it is the first to reach one of these; receipts between two of them (CEB604 "2" before the
 * logic check, CEB304 "120" after acceptance, "399" after an arrival report's acceptance) change
 * nothing a flow decides. Rejections and inspection always matter. A document not listed here is
 * always signalled. Keep this in step with the workflows: test/e2e covers every mode's path.
 */
const AWAITED: Partial<Record<DocType, readonly string[]>> = {
  ORDER: [ReceiptStatus.ACCEPTED],
  PAYMENT_RECEIPT: [ReceiptStatus.ACCEPTED],
  WAYBILL: [ReceiptStatus.ACCEPTED],
  ARRIVAL: [ReceiptStatus.ACCEPTED],
  DEPARTURE: [ReceiptStatus.ACCEPTED],
  IMPORT_ORDER: [ReceiptStatus.ACCEPTED],
  IMPORT_PAYMENT: [ReceiptStatus.ACCEPTED],
  IMPORT_WAYBILL: [ReceiptStatus.ACCEPTED],
  WAYBILL_STATUS: [ReceiptStatus.ACCEPTED],
  INVENTORY: [ReceiptStatus.LOGIC_CHECK_PASSED, ReceiptStatus.RELEASED, ReceiptStatus.CLOSED],
  IMPORT_INVENTORY: [ReceiptStatus.LOGIC_CHECK_PASSED, ReceiptStatus.RELEASED],
  ENTRY_DECLARATION: [ReceiptStatus.LOGIC_CHECK_PASSED, ReceiptStatus.RELEASED],
  IMPORT_RETURN: [ReceiptStatus.LOGIC_CHECK_PASSED],
  INVENTORY_CANCEL: [ReceiptStatus.CONCLUDED],
  IMPORT_INVENTORY_CANCEL: [ReceiptStatus.CONCLUDED],
};

/**
 * Whether a receipt must be signalled to its shipment, given the highest rank already signalled
 * for the document's current revision: only a rejection, an inspection, or the first receipt to
 * reach an awaited status (each signal is a billed Temporal action; the others are only stored).
 * Receipts may arrive out of order: a "120" before the "2" of an order is the one signalled.
 */
export function receiptNeedsSignal(docType: DocType, status: string, signalledRank: number): boolean {
  if (isRejection(status) || status === ReceiptStatus.INSPECTION) return true;
  const awaited = AWAITED[docType];
  if (!awaited) return true;
  const rank = receiptRank(status);
  return awaited.some((s) => signalledRank < receiptRank(s) && receiptRank(s) <= rank);
}

/** Short, stable enterprise document number (copNo, C..30) for a shipment document revision. */
export function copNo(shipmentId: string, docType: DocType, revision: number): string {
  const prefix = {
    ORDER: 'O', PAYMENT_RECEIPT: 'P', WAYBILL: 'W', INVENTORY: 'I', INVENTORY_CANCEL: 'C', ARRIVAL: 'A', DEPARTURE: 'D',
    IMPORT_ORDER: 'MO', IMPORT_PAYMENT: 'MP', IMPORT_WAYBILL: 'MW', IMPORT_INVENTORY: 'MI', IMPORT_INVENTORY_CANCEL: 'MC', IMPORT_RETURN: 'MR',
    WAYBILL_STATUS: 'MS', SUMMARY: 'S', ENTRY_DECLARATION: 'H',
  }[docType];
  return `${prefix}${fnv1a64(shipmentId)}R${revision}`;
}

/** FNV-1a 64-bit hash in base 36 (13 chars max); pure JS so workflows can use it. */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const bytes = new TextEncoder().encode(text);
  for (const b of bytes) {
    hash ^= BigInt(b);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(36).toUpperCase().padStart(13, '0');
}
