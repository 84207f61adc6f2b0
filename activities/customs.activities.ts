import type { BuildCustomsMessage, SingleWindowPort, SubmitDocumentRequest } from '../adapters/single-window/port.js';
import type { MessageSigner } from '../adapters/single-window/signing/types.js';
import type { Db } from '../db/client.js';
import { fileDocumentKey } from '../db/projection.js';
import { DocType } from '../domain/customs.js';
import { callOutside } from './failures.js';

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
      // The customs declaration (报关单) is our own format (entry/format.ts, not official): no CEB
      // ds:Signature slot, so it goes unsigned; a real H2018 connection signs by its own rules.
      const entry = req.docType === DocType.ENTRY_DECLARATION;
      const xml = deps.signer && !entry ? await deps.signer.sign(message.xml) : message.xml;
      await fileDocumentKey(deps.db, {
        shipmentId: req.shipmentId,
        system: 'single-window',
        docType: req.docType,
        businessKey: message.businessKey,
        revision: req.revision,
      });
      const ack = entry
        ? await deps.singleWindow.declareEntry({ xml }, req.idempotencyKey)
        : await deps.singleWindow.submit({ messageType: message.messageType, xml }, req.idempotencyKey);
      return { ...ack, businessKey: message.businessKey };
    });
  },
});
