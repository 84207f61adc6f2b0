import { RECEIPT_DOC, type DocType } from '../../domain/customs.js';

/** The business keys receipts echo (ceb-messages.md §6.1 "key fields / links"). */
export interface ReceiptKeys {
  messageType: string;
  orderNo?: string | undefined;
  ebpCode?: string | undefined;
  ebcCode?: string | undefined;
  logisticsCode?: string | undefined;
  logisticsNo?: string | undefined;
  copNo?: string | undefined;
  payCode?: string | undefined;
  payTransactionId?: string | undefined;
}

/**
 * The key under which a document is filed, so that its receipts find their shipment: orders by
 * platform + order number, receipts of payment by enterprise + order number, waybills by carrier
 * + waybill number (import waybills and their status reports too), import payment vouchers by
 * payment enterprise + transaction id, inventory-type documents (and summary applications) by
 * the enterprise's own copNo.
 */
export function documentKey(docType: DocType, keys: Omit<ReceiptKeys, 'messageType'>): string | undefined {
  switch (docType) {
    case 'ORDER':
    case 'IMPORT_ORDER':
      return keys.ebpCode && keys.orderNo ? `${keys.ebpCode}:${keys.orderNo}` : undefined;
    case 'IMPORT_PAYMENT':
      return keys.payCode && keys.payTransactionId ? `${keys.payCode}:${keys.payTransactionId}` : undefined;
    case 'PAYMENT_RECEIPT':
      return keys.ebcCode && keys.orderNo ? `${keys.ebcCode}:${keys.orderNo}` : undefined;
    case 'WAYBILL':
    case 'IMPORT_WAYBILL':
    case 'WAYBILL_STATUS':
      return keys.logisticsCode && keys.logisticsNo ? `${keys.logisticsCode}:${keys.logisticsNo}` : undefined;
    default:
      return keys.copNo || undefined;
  }
}

/** Which document a receipt answers and its key; undefined for receipts we never asked for. */
export function routeReceipt(receipt: ReceiptKeys): { docType: DocType; businessKey: string } | undefined {
  const docType = RECEIPT_DOC[receipt.messageType];
  if (!docType) return undefined;
  const businessKey = documentKey(docType, receipt);
  return businessKey ? { docType, businessKey } : undefined;
}
