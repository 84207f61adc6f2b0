import { z } from 'zod';

/**
 * Asking the Single Window for the receipts it issued, for the ones whose callback never arrived.
 * The Chengdu gateway POSTs each receipt to the platform and gives up after six attempts
 * (ceb-messages.md §3.4, "重发次数不超过6次"): an API outage or overload longer than its retries
 * would leave a shipment waiting for a receipt no one resends. The platform therefore also reads
 * the receipts back, in the order they were issued, from a cursor it keeps
 * (workflows/receipt-recovery.workflow.ts).
 *
 * ⚠ Whether the Sichuan gateway offers such a query is NOT established. The one public example is
 * the Hainan gateway (ceb-messages.md §3.4), whose receipts were polled per receipt type with a
 * time cursor (`/ceb312msg?dxpid=…&qryid=yyyyMMddHHmmss`). This route is the simulator's: one
 * endpoint for every receipt type, a sequence cursor (`after`), and each receipt as the XML its
 * callback carries. A real gateway's query maps onto `ReceiptQuery` in a client of its own (client-receipts.ts is this one's).
 */
export const RECEIPTS_PATH = '/cbec-gateway/rest/receipts';

/** Receipts a query returns at most. */
export const RECEIPT_PAGE_MAX = 500;

/** One receipt as issued: its place in the issuing order, when it was issued (ISO), the CEB XML. */
export interface IssuedReceipt {
  seq: number;
  issuedAt: string;
  message: string;
}

export const ReceiptPageSchema = z.object({
  receipts: z.array(z.object({ seq: z.number().int().nonnegative(), issuedAt: z.string().datetime(), message: z.string().min(1) })),
});

export interface ReceiptQuery {
  /** Receipts issued after `after` (a seq; 0: from the oldest kept), oldest first, at most `limit`. */
  after(after: number, limit: number): Promise<IssuedReceipt[]>;
}

/**
 * The body of the gateway's receipt callback (form field `message`). The recovery stores a
 * queried receipt under the same body, so the inbox knows it when its callback did arrive.
 */
export function receiptCallbackBody(xml: string): string {
  return new URLSearchParams({ message: xml }).toString();
}
