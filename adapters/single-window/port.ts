import type { DocExtra, DocType } from '../../domain/customs.js';
import type { ShipmentInput } from '../../domain/shipment.js';

/**
 * What the shipment workflow needs from the Sichuan International Trade Single Window
 * (customs CEB messages). Two transports, chosen by SINGLE_WINDOW_TRANSPORT: the Chengdu gateway's
 * form POST (`xml=<CEB message>`) with a synchronous pre-processing answer and asynchronous
 * receipts POSTed back to the platform (ceb-messages.md §3.4, client.ts), or the national DXP
 * route: DxpMsg envelopes over AS2 (§3.1–§3.3, dxp/client.ts).
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
  /**
   * Files an export customs declaration (报关单, H2018 route: refund-claiming 9710/9810) on the
   * same transport. ⚠ The message is cbec-hub's own format, NOT the official 货物申报 message
   * (entry/format.ts). Same answers as `submit`; receipts (2 accepted, 120 with the entryId,
   * 800 released, or a rejection) arrive later like the CEB receipts.
   */
  declareEntry(declaration: { xml: string }, idempotencyKey: string): Promise<SubmitAck>;
}

export interface SubmitAck {
  /** Gateway's synchronous status: '5' = pre-processed (预处理成功). */
  syncStatus: string;
  syncInfo: string;
}

export const SingleWindowErrorCode = {
  FormatError: 'SINGLE_WINDOW.FORMAT_ERROR',
  SystemError: 'SINGLE_WINDOW.SYSTEM_ERROR',
  /** DXP 1xxx (ceb-messages.md §3.3): signature invalid or expired, decryption failed. */
  DxpSecurity: 'SINGLE_WINDOW.DXP_SECURITY',
  /** DXP 2xxx: receiver unknown, address mismatch, other business logic. */
  DxpRouting: 'SINGLE_WINDOW.DXP_ROUTING',
} as const;

/** A CEB request message built for sending, with the business key its receipts are routed by. */
export interface CebRequestMessage {
  messageType: string;
  xml: string;
  businessKey: string;
}

/** One customs document of a shipment to be sent (activities/customs.activities.ts). */
export interface SubmitDocumentRequest {
  shipmentId: string;
  input: ShipmentInput;
  docType: DocType;
  revision: number;
  copNo: string;
  /** Workflow time of sending: the message's appTime, identical on every retry. */
  sentAt: string;
  idempotencyKey: string;
  extra: DocExtra;
}

/** Builds the CEB message for a document (mapping.ts). */
export type BuildCustomsMessage = (req: SubmitDocumentRequest) => CebRequestMessage;

/** A 9610 monthly summary application to be sent (activities/summary.activities.ts). */
export interface SubmitSummaryRequest {
  copNo: string;
  period: string;
  enterprise: { id: string; name: string; customsCode: string };
  invtNos: string[];
  /** The application's appTime (the row's creation time): identical on every re-send. */
  sentAt: string;
  idempotencyKey: string;
  customsCode: string;
  dxp: { copCode: string; copName: string; dxpId: string };
}

/** Builds the CEB701 of a summary application (mapping-summary.ts). */
export type BuildSummaryMessage = (req: SubmitSummaryRequest) => CebRequestMessage;
