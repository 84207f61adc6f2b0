/**
 * How other code talks to the receipt recovery workflow (receipt-recovery.workflow.ts): ids,
 * input and result. The schedule helper imports this file; it holds no logic.
 */

/** Id of the Schedule and prefix of the workflows it starts. */
export const RECEIPT_RECOVERY_SCHEDULE_ID = 'receipt-recovery';

export interface ReceiptRecoveryInput {
  /** Seconds a receipt must be old before it is read: longer than the gateway's own callback retries. */
  lagS: number;
}

export interface ReceiptRecoveryResult {
  /** Receipts read back from the gateway in this run. */
  read: number;
  /** Of those, the ones whose callback never arrived: stored in the callback inbox for delivery. */
  recovered: number;
  /** The cursor after the run: the gateway's sequence number of the last receipt read. */
  cursor: number;
}
