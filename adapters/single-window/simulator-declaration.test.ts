// The simulator's export customs declarations (报关单, H2018 route) of refund-claiming 9710/9810
// (issue 16 item 2). ⚠ The message is cbec-hub's own format, NOT the official one
// (entry/format.ts). What the tests follow: docs/reference/ceb-messages.md "Four declaration
// routes" (attached document 10000004 = order / booking-note number, matched with the CEB303:
// 对碰) and docs/reference/domain-rules.md §7.3 (报关单号: 18 digits, customs + year + 0 export + 9).
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocType } from '../../domain/customs.js';
import { eventually, useSimulator } from '../kit/testing.js';
import type { CebReceipt } from './ceb/index.js';
import { createSingleWindowClient } from './client.js';
import { documentRequest, exampleShipment, RECEIPT_WAIT_MS, receiptCallbacks } from './contract.js';
import { createDxpClient } from './dxp/client.js';
import { ATTACHED_B2B_EXPORT, isExportEntryId, parseEntryDeclaration } from './entry/format.js';
import { buildCustomsMessage } from './mapping.js';
import type { SingleWindowPort } from './port.js';
import { routeReceipt } from './routing.js';
import { createSingleWindowSimulator } from './simulator.js';
import { DECLARATION_TEXT } from './simulator-declaration.js';

type Input = ReturnType<typeof exampleShipment>;

/** A refund-claiming 9710 consignment above the list route's CNY 5,000 (H2018 has no cap). */
function b2b(): Input {
  const input = exampleShipment();
  const r = input.request as Extract<Input['request'], { mode: '9610' }>;
  return { ...input, request: { ...r, mode: '9710', buyer: { name: 'Rhein Handel GmbH', country: '304' }, declaredValueCny: 12_000, refundClaim: true } };
}

function suite(name: string, contentType: string, makePort: (baseUrl: string) => SingleWindowPort) {
  describe(`customs declarations (报关单) over ${name}`, () => {
    const sim = useSimulator((callback) => createSingleWindowSimulator({ timeScale: 86_400_000, callback }), receiptCallbacks('h2018-secret', contentType));
    let port: SingleWindowPort;
    beforeAll(() => {
      port = makePort(sim.baseUrl);
    });

    const receiptsOf = (docType: DocType, key: string): CebReceipt[] =>
      sim.received.flatMap((r) => r.body).filter((r) => { const to = routeReceipt(r); return to?.docType === docType && to.businessKey === key; });
    async function expectStatuses(docType: DocType, key: string, expected: string[]) {
      await eventually(() => (receiptsOf(docType, key).length >= expected.length ? true : undefined), RECEIPT_WAIT_MS);
      expect(receiptsOf(docType, key).map((r) => r.returnStatus)).toEqual(expected);
    }
    async function declare(input: Input) {
      const req = documentRequest(input, 'ENTRY_DECLARATION');
      const msg = buildCustomsMessage(req);
      expect(await port.declareEntry({ xml: msg.xml }, req.idempotencyKey)).toEqual({ syncStatus: '5', syncInfo: '预处理成功' });
      return msg;
    }

    it('matches the declaration with the CEB303 order by attached document 10000004, assigns an 18-digit entryId and releases it', async () => {
      const input = b2b();
      const orderReq = documentRequest(input, 'ORDER');
      const order = buildCustomsMessage(orderReq);
      await port.submit(order, orderReq.idempotencyKey);
      await expectStatuses('ORDER', order.businessKey, ['2']);
      const msg = await declare(input);
      const { declaration, problems } = parseEntryDeclaration(msg.xml);
      expect(problems).toEqual([]);
      expect(declaration).toMatchObject({ tradeMode: '9710', attachedDocType: ATTACHED_B2B_EXPORT, attachedDocNo: input.request.orderNo, consignorCode: '5101960A2B' });
      expect(declaration.lines[0]!.hsCode).toMatch(/^\d{10}$/);

      await expectStatuses('ENTRY_DECLARATION', msg.businessKey, ['2', '120', '800']);
      const [, assigned, released] = receiptsOf('ENTRY_DECLARATION', msg.businessKey);
      expect(assigned!.entryId).toMatch(/^7901\d{4}0\d{9}$/);
      expect(isExportEntryId(assigned!.entryId!)).toBe(true);
      expect(assigned!.returnInfo).toBe(DECLARATION_TEXT.assigned);
      expect(released).toMatchObject({ entryId: assigned!.entryId, returnInfo: DECLARATION_TEXT.released });
    });

    it('rejects a declaration whose order was never filed (对碰 fails)', async () => {
      const msg = await declare(b2b());
      await expectStatuses('ENTRY_DECLARATION', msg.businessKey, ['2', '100']);
      expect(receiptsOf('ENTRY_DECLARATION', msg.businessKey)[1]).toMatchObject({ returnInfo: DECLARATION_TEXT.noOrder });
      expect(receiptsOf('ENTRY_DECLARATION', msg.businessKey)[1]?.entryId).toBeUndefined();
    });

    it('takes a repeated declaration (same idempotency key) once', async () => {
      const input = b2b();
      await declare(input);
      await declare(input);
      const req = documentRequest(input, 'ENTRY_DECLARATION');
      expect(await sim.ledger(req.idempotencyKey)).toEqual([expect.objectContaining({ operation: 'CbecEntryDeclarationReturn', requests: 2 })]);
    });
  });
}

suite('the Chengdu gateway', 'application/x-www-form-urlencoded', (baseUrl) => createSingleWindowClient({ baseUrl }));
suite('the DXP route', 'application/xml', (baseUrl) => createDxpClient({ baseUrl, dxpId: 'DXPENT0000000001' }));
