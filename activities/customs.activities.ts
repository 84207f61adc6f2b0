import type { SingleWindowPort } from '../adapters/single-window/port.js';
import type { MessageSigner } from '../adapters/single-window/signing/types.js';
import type { Db } from '../db/client.js';
import { fileDocumentKey } from '../db/projection.js';
import type { DocType } from '../domain/customs.js';
import type { ShipmentInput } from '../domain/shipment.js';
import { callOutside } from './failures.js';

export interface DocExtra {
  invtNo?: string;
  reason?: string;
  bookingNo?: string;
  trainNo?: string;
}

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

/** Builds the CEB message for a document (adapters/single-window/mapping.ts). */
export type BuildCustomsMessage = (req: SubmitDocumentRequest) => { messageType: string; xml: string; businessKey: string };

export interface CustomsDeps {
  db: Db;
  singleWindow: SingleWindowPort;
  buildMessage: BuildCustomsMessage;
  /** Business signature (加签) of every message; unset: sent unsigned (SIGNING_MODE=none). */
  signer?: MessageSigner | undefined;
}

export const createCustomsActivities = (deps: CustomsDeps) => ({
  /** Files the document's key, then sends it to the Single Window (once per idempotency key). */
  async submitCustomsDocument(req: SubmitDocumentRequest): Promise<{ syncStatus: string; syncInfo: string; businessKey: string }> {
    const message = deps.buildMessage(req);
    return callOutside(async () => {
      // Signed here, not in buildMessage: the key may be a card or a remote service.
      const xml = deps.signer ? await deps.signer.sign(message.xml) : message.xml;
      await fileDocumentKey(deps.db, {
        shipmentId: req.shipmentId,
        system: 'single-window',
        docType: req.docType,
        businessKey: message.businessKey,
        revision: req.revision,
      });
      const ack = await deps.singleWindow.submit({ messageType: message.messageType, xml }, req.idempotencyKey);
      return { ...ack, businessKey: message.businessKey };
    });
  },
});
