/**
 * What the shipment workflow needs from the Sichuan International Trade Single Window
 * (customs CEB messages). Transport: the Chengdu gateway's form POST (`xml=<CEB message>`) with a
 * synchronous pre-processing answer and asynchronous receipts POSTed back to the platform
 * (ceb-messages.md §3.4). The national DXP route would be another implementation of this port.
 */
export interface SingleWindowPort {
  /**
   * Sends one CEB request message. Resolves when the gateway pre-processed it (sync status 5);
   * the business outcome arrives later as receipts, including a negative status when a parsed
   * message fails validation. Rejects with a retryable AdapterError when the gateway is
   * unavailable or answers -1 (system exception), and a non-retryable
   * `SINGLE_WINDOW.FORMAT_ERROR` when the gateway cannot parse the message at all.
   */
  submit(message: { messageType: string; xml: string }, idempotencyKey: string): Promise<SubmitAck>;
}

export interface SubmitAck {
  /** Gateway's synchronous status: '5' = pre-processed (预处理成功). */
  syncStatus: string;
  syncInfo: string;
}

export const SingleWindowErrorCode = {
  FormatError: 'SINGLE_WINDOW.FORMAT_ERROR',
  SystemError: 'SINGLE_WINDOW.SYSTEM_ERROR',
} as const;
