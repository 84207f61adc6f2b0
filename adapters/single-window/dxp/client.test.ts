// The DXP transport over AS2 (RFC 4130 headers and synchronous MDN) against the simulator's
// transport node: refusals carry the DXP error codes of docs/reference/ceb-messages.md §3.3,
// addressing follows §3.1 (receivers DXPEDCCEB0000002 import / DXPEDCCEB0000003 export).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { rejection, useSimulator } from '../../kit/testing.js';
import { documentRequest, exampleShipment, receiptCallbacks } from '../contract.js';
import { buildCustomsMessage } from '../mapping.js';
import { SingleWindowErrorCode, type SingleWindowPort } from '../port.js';
import { createSingleWindowSimulator } from '../simulator.js';
import { AS2_PATH, as2Headers, buildMdn, parseMdn } from './as2.js';
import { createDxpClient } from './client.js';
import { buildDxpMsg, DXP_CEB_EXPORT, DXP_CEB_IMPORT, formatDxpTime } from './envelope.js';

const OURS = 'DXPENT0000000001';
const sim = useSimulator((callback) => createSingleWindowSimulator({ timeScale: 86_400_000, callback }), receiptCallbacks('dxp-secret', 'application/xml'));
let port: SingleWindowPort;
beforeAll(() => {
  port = createDxpClient({ baseUrl: sim.baseUrl, dxpId: OURS });
});

/** Posts a DxpMsg by hand; returns the MDN. */
async function post(over: { receiverIds?: string[]; to?: string; from?: string; msgType?: string; xml?: string }) {
  const order = buildCustomsMessage(documentRequest(exampleShipment(), 'ORDER'));
  const body = buildDxpMsg({
    ver: '1.0', copMsgId: `manual-${Math.random()}`, senderId: OURS, receiverIds: over.receiverIds ?? [DXP_CEB_EXPORT], creatTime: formatDxpTime(new Date()),
    msgType: over.msgType ?? order.messageType, data: Buffer.from(over.xml ?? order.xml),
  });
  const headers = as2Headers({ from: over.from ?? OURS, to: over.to ?? over.receiverIds?.[0] ?? DXP_CEB_EXPORT, messageId: `m-${Math.random()}@test`, notificationTo: OURS });
  const res = await fetch(`${sim.baseUrl}${AS2_PATH}`, { method: 'POST', headers, body });
  expect(res.status).toBe(200);
  return parseMdn(res.headers.get('content-type'), await res.text());
}

describe('AS2 transport node (simulator)', () => {
  it('answers a synchronous MDN "processed" to a well-addressed DxpMsg', async () => {
    expect(await post({})).toMatchObject({ disposition: 'processed', finalRecipient: DXP_CEB_EXPORT, text: '预处理成功' });
  });

  it('answers DXP 2001 for an unknown receiver and 2002 for an address mismatch', async () => {
    expect(await post({ receiverIds: ['DXPEDCCEB0000009'] })).toMatchObject({ disposition: 'processed/error: unexpected-processing-error', dxpCode: '2001' });
    expect((await post({ receiverIds: [DXP_CEB_IMPORT] }))?.dxpCode).toBe('2002'); // an export order sent to the import system
    expect((await post({ to: DXP_CEB_IMPORT }))?.dxpCode).toBe('2002'); // AS2-To not among the ReceiverIds
    expect((await post({ from: 'DXPENT0000000099' }))?.dxpCode).toBe('2002'); // SenderId ≠ AS2-From
  });

  it('answers DXP 0999 when MsgType is not the wrapped message and 0002 when Data is no CEB message', async () => {
    expect((await post({ msgType: 'CEB603Message' }))?.dxpCode).toBe('0999');
    expect((await post({ xml: 'plain text' }))?.dxpCode).toBe('0002');
  });

  it('refuses a post without AS2 headers with 400', async () => {
    const res = await fetch(`${sim.baseUrl}${AS2_PATH}`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<x/>' });
    expect(res.status).toBe(400);
  });
});

describe('DXP client', () => {
  it('maps a system error (-1) to DXP 3001, a retryable SYSTEM_ERROR; the retry with the same key goes through', async () => {
    const input = exampleShipment();
    await sim.control('/_control/scenarios', { key: input.request.orderNo, scenario: 'system-error', params: {} });
    const req = documentRequest(input, 'ORDER');
    const msg = buildCustomsMessage(req);
    const err = await rejection(port.submit(msg, req.idempotencyKey));
    expect(err).toMatchObject({ code: SingleWindowErrorCode.SystemError, retryable: true, details: { dxpCode: '3001' } });
    expect((await port.submit(msg, req.idempotencyKey)).syncStatus).toBe('5');
  });

  it('maps routing (2xxx) and security (1xxx) refusals to non-retryable codes', async () => {
    const server = createServer((req, res) => {
      const code = req.url?.includes('security') ? '1001' : '2001';
      const m = buildMdn({ originalMessageId: String(req.headers['message-id']), recipient: DXP_CEB_EXPORT, reportingUa: 't', error: { code, detail: 'd' } });
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': m.contentType }).end(m.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const msg = buildCustomsMessage(documentRequest(exampleShipment(), 'ORDER'));
      const routing = await rejection(createDxpClient({ baseUrl: base, dxpId: OURS }).submit(msg, 'k-1'));
      expect(routing).toMatchObject({ code: SingleWindowErrorCode.DxpRouting, retryable: false, details: { dxpCode: '2001' } });
      expect(routing.message).toContain('指定的接收方不存在');
      const security = await rejection(createDxpClient({ baseUrl: `${base}/security`, dxpId: OURS }).submit(msg, 'k-2'));
      expect(security).toMatchObject({ code: SingleWindowErrorCode.DxpSecurity, retryable: false, details: { dxpCode: '1001' } });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('reads the MDN it gets (RFC 4130 §7.4.3) and nothing that is not one', () => {
    const m = buildMdn({ originalMessageId: 'x@y', recipient: DXP_CEB_EXPORT, reportingUa: 't', error: { code: '2001', detail: 'd' } });
    expect(parseMdn(m.contentType, m.body)).toMatchObject({ dxpCode: '2001', originalMessageId: 'x@y', finalRecipient: DXP_CEB_EXPORT, text: 'DXP 2001 指定的接收方不存在: d' });
    expect(parseMdn('text/plain', m.body)).toBeUndefined();
  });
});
