import { definition as singleWindow } from '../adapters/single-window/definition.js';
import { RECEIPT_PAGE_MAX, receiptCallbackBody, type ReceiptQuery } from '../adapters/single-window/receipt-query.js';
import type { FieldCipher } from '../codec/field-cipher.js';
import type { Db } from '../db/client.js';
import { advanceReceiptCursor, receiptCursor, storeRecovered } from '../db/inbox-store.js';
import type { ReceiptRecoveryResult } from '../workflows/receipt-recovery-contract.js';

export interface ReceiptRecoveryDeps {
  db: Db;
  /** The Single Window gateway's receipt query; absent on the DXP transport (receipts wait at the transport node). */
  receiptQuery?: ReceiptQuery | undefined;
  personalData: { cipher: FieldCipher };
}

/** Pages read in one run at most: a run after a long outage leaves the rest to the next. */
const PAGES_PER_RUN = 20;

/** The Single Window's system id and the content type of its gateway callbacks, which a recovered receipt is stored under. */
const SYSTEM = singleWindow.id;
const FORM = 'application/x-www-form-urlencoded';

/** The receipt recovery workflow's side effect (workflows/receipt-recovery.workflow.ts). */
export const createReceiptRecoveryActivities = (deps: ReceiptRecoveryDeps) => ({
  /**
   * Reads the gateway's receipts back from where the last run stopped (table ReceiptQueryCursor),
   * those issued before `before`, and stores in the callback inbox the ones whose callback never
   * arrived: the API's inbox redelivery delivers them within CALLBACK_REDELIVERY_MS, as it would a
   * callback stored but not delivered. Reading changes nothing at the gateway (a GET) and storing
   * is keyed by the body, so a retried or overlapping run stores nothing twice.
   */
  async recoverReceipts(q: { before: string }): Promise<ReceiptRecoveryResult> {
    const result = { read: 0, recovered: 0, cursor: await receiptCursor(deps.db, SYSTEM) };
    if (!deps.receiptQuery) return result;
    const before = Date.parse(q.before);
    for (let page = 0; page < PAGES_PER_RUN; page++) {
      const receipts = await deps.receiptQuery.after(result.cursor, RECEIPT_PAGE_MAX);
      const young = receipts.findIndex((r) => Date.parse(r.issuedAt) >= before);
      const due = young < 0 ? receipts : receipts.slice(0, young);
      if (due.length === 0) break;
      result.read += due.length;
      result.recovered += await storeRecovered(deps.db, deps.personalData.cipher, { system: SYSTEM, contentType: FORM, bodies: due.map((r) => receiptCallbackBody(r.message)) });
      result.cursor = due[due.length - 1]!.seq;
      await advanceReceiptCursor(deps.db, SYSTEM, result.cursor);
      if (due.length < RECEIPT_PAGE_MAX) break;
    }
    return result;
  },
});
