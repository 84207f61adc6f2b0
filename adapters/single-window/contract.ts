import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeContract, eventually, rejection, type CallbackReceiverOptions, type ContractHarness } from '../kit/testing.js';
import type { CebReceipt } from './ceb/index.js';
import { parseSingleWindowNotice } from './inbound.js';
import { buildCustomsMessage } from './mapping.js';
import { SingleWindowErrorCode, type SingleWindowPort } from './port.js';
import { routeReceipt } from './routing.js';

/** How long tests wait for an asynchronous receipt (real milliseconds). */
export const RECEIPT_WAIT_MS = 5_000;

export interface SingleWindowContractHarness extends Omit<ContractHarness<SingleWindowPort>, 'ledger'> {
  /** The system's record of effects under one idempotency key (simulator: GET /_ledger); optional. */
  ledger?: ContractHarness<SingleWindowPort>['ledger'];
  /** Receipts delivered to the platform so far (asynchronous, signed callbacks); optional. */
  receipts?(): Promise<CebReceipt[]> | CebReceipt[];
}

import { documentRequest, exampleShipment } from './fixtures.js';

export { documentRequest, exampleShipment };

/**
 * The platform's callback route for receipts, answered SUCCESS: signed form posts
 * (`message=<CEB receipts>`, the gateway) or DxpMsg envelopes (`application/xml`, the DXP route).
 */
export function receiptCallbacks(secret: string, contentType = 'application/x-www-form-urlencoded'): CallbackReceiverOptions<CebReceipt[]> {
  return {
    secret,
    path: '/v1/callbacks/single-window',
    contentType,
    parse: (raw) => {
      const parsed = parseSingleWindowNotice(raw);
      return parsed.ok && parsed.notice.kind === 'RECEIPTS' ? parsed.notice.receipts : [];
    },
    ack: { status: 200, text: 'SUCCESS' },
  };
}

/** What every SingleWindowPort implementation must do (the simulator on every run; the real gateway via scripts). */
export function singleWindowContractSuite(makePort: () => Promise<SingleWindowContractHarness>): void {
  describeContract('SingleWindowPort contract', makePort, (h) => {
    const orderOf = (input = exampleShipment()) => ({ input, ...buildCustomsMessage(documentRequest(input, 'ORDER')) });

    it('pre-processes a valid order (synchronous status 5)', async () => {
      const { messageType, xml } = orderOf();
      const ack = await h.port.submit({ messageType, xml }, `contract:${randomUUID()}`);
      expect(ack.syncStatus).toBe('5');
      expect(typeof ack.syncInfo).toBe('string');
    });

    it('answers a repeated idempotency key with the same acknowledgement, one effect', async () => {
      const { messageType, xml } = orderOf();
      const key = `contract:${randomUUID()}`;
      const first = await h.port.submit({ messageType, xml }, key);
      expect(await h.port.submit({ messageType, xml }, key)).toEqual(first);
      if (h.ledger) expect(await h.ledger(key)).toEqual([expect.objectContaining({ operation: messageType, requests: 2 })]);
    });

    it('delivers an order receipt (CEB304, status 2) that routes back to the document', async () => {
      if (!h.receipts) return;
      const { messageType, xml, businessKey, input } = orderOf();
      await h.port.submit({ messageType, xml }, `contract:${randomUUID()}`);
      const receipt = await eventually(async () =>
        (await h.receipts!()).find((r) => r.messageType === 'CEB304Message' && r.orderNo === input.request.orderNo), RECEIPT_WAIT_MS);
      expect(receipt).toMatchObject({ returnStatus: '2', ebpCode: input.request.platform.code, ebcCode: input.enterprise.customsCode });
      expect(receipt.returnTime).toMatch(/^\d{17}$/);
      expect(routeReceipt(receipt)).toEqual({ docType: 'ORDER', businessKey });
    });

    it('refuses text that is not XML with a non-retryable FORMAT_ERROR', async () => {
      const err = await rejection(h.port.submit({ messageType: 'CEB303Message', xml: 'this is not a CEB message' }, `contract:${randomUUID()}`));
      expect(err).toMatchObject({ code: SingleWindowErrorCode.FormatError, retryable: false });
    });

    it('refuses well-formed XML that is no CEB request with a non-retryable FORMAT_ERROR', async () => {
      const err = await rejection(h.port.submit({ messageType: 'CEB303Message', xml: '<?xml version="1.0"?><order><no>1</no></order>' }, `contract:${randomUUID()}`));
      expect(err).toMatchObject({ code: SingleWindowErrorCode.FormatError, retryable: false });
    });

    it('rejects a readable but invalid message: FORMAT_ERROR at once, or a negative receipt later', async () => {
      const { messageType, xml, input } = orderOf();
      const bad = xml.replace('<ceb:orderType>E</ceb:orderType>', '<ceb:orderType>X</ceb:orderType>');
      expect(bad).not.toBe(xml);
      try {
        await h.port.submit({ messageType, xml: bad }, `contract:${randomUUID()}`);
      } catch (err) {
        expect(err).toMatchObject({ code: SingleWindowErrorCode.FormatError, retryable: false });
        return;
      }
      if (!h.receipts) return;
      const receipt = await eventually(async () =>
        (await h.receipts!()).find((r) => r.messageType === 'CEB304Message' && r.orderNo === input.request.orderNo), RECEIPT_WAIT_MS);
      expect(Number(receipt.returnStatus)).toBeLessThan(0);
      expect(receipt.returnInfo).toContain('orderType');
    });
  });
}
