// Issue 16 item 1 "done when": a 9610 and a 1210 shipment complete end to end over the national
// DXP route (SINGLE_WINDOW_TRANSPORT=dxp): every CEB message goes as a DxpMsg by AS2 to the
// simulator's transport node, every receipt comes back wrapped in a DxpMsg whose SenderId is the
// CEB system's id (docs/reference/ceb-messages.md §3.1: export DXPEDCCEB0000003, import DXPEDCCEB0000002).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from '../../adapters/kit/callbacks.js';
import { buildDxpMsg, parseDxpMsg, DXP_CEB_EXPORT, DXP_CEB_IMPORT } from '../../adapters/single-window/dxp/envelope.js';
import { GB2312_RECEIPT } from '../../adapters/single-window/fixtures.js';
import { parseSingleWindowNotice } from '../../adapters/single-window/inbound.js';
import { inboxMessages } from '../support/inbox.js';
import { shipment9610 } from '../support/fixtures.js';
import { enterBondedStock, order1210, readers } from '../support/imports.js';
import { effectsFor } from '../support/ledger.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';

const OUR_DXP_ID = 'DXPENT0000000042';
let p: Platform;
beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000, env: { SINGLE_WINDOW_TRANSPORT: 'dxp', DXP_ID: OUR_DXP_ID, SLA_WATCH_MS: '0' } });
});
afterAll(async () => p?.stop());

/** The DXP envelopes of the receipts the simulator delivered so far. */
const wrappedReceipts = () => p.sims.singleWindow!.callbackLog.filter((c) => c.delivered).map((c) => parseDxpMsg(c.body));

describe('the national DXP route', () => {
  it('runs a 9610 export to COMPLETED, receipts wrapped by the export CEB system', async () => {
    const created = await p.api.POST('/v1/shipments', { body: shipment9610('DXP-9610-1') });
    expect(created.response.status).toBe(202);
    const id = created.data!.id;
    const done = await eventually(async () => {
      const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
      return data?.status === 'COMPLETED' ? data : undefined;
    }, 'COMPLETED');
    expect(done.declaration.invtNo).toMatch(/^7901\d{4}E\d{9}$/);
    const types = done.timeline.map((e) => e.type);
    for (const t of ['DECLARED', 'LOGIC_CHECK_PASSED', 'RELEASED', 'COMPLETED']) expect(types).toContain(t);
    const sw = await effectsFor(p.simUrls.singleWindow!, id);
    expect(sw.map((e) => e.operation)).toEqual(expect.arrayContaining(['CEB303Message', 'CEB603Message']));
    const envelopes = wrappedReceipts().filter((m) => ['CEB304Message', 'CEB604Message'].includes(m.msgType));
    expect(envelopes.length).toBeGreaterThan(0);
    for (const m of envelopes) expect(m).toMatchObject({ senderId: DXP_CEB_EXPORT, receiverIds: [OUR_DXP_ID] });
  });

  it('runs a 1210 bonded import to COMPLETED, receipts and the e-tax bill wrapped by the import CEB system', async () => {
    const { reaches } = readers(p);
    await enterBondedStock(p, 'DXP-ENTRY-1', [{ sku: 'AU-MILK-900', name: '婴儿配方奶粉', qty: 10 }, { sku: 'FR-SERUM-30', name: '精华液', qty: 10 }]);
    const res = await p.api.POST('/v1/shipments', { body: order1210('DXP-1210-1', 1) });
    expect(res.response.status).toBe(202);
    const done = await reaches(res.data!.id, ['COMPLETED', 'FAILED', 'CANCELLED', 'REJECTED']);
    expect(done.status).toBe('COMPLETED');
    const types = done.timeline.map((e) => e.type);
    for (const t of ['LOGIC_CHECK_PASSED', 'RELEASED', 'TAX_BILL', 'COMPLETED']) expect(types).toContain(t);
    const envelopes = wrappedReceipts().filter((m) => ['CEB622Message', 'CEB816Message'].includes(m.msgType));
    expect(envelopes.map((m) => m.msgType)).toEqual(expect.arrayContaining(['CEB622Message', 'CEB816Message']));
    for (const m of envelopes) expect(m).toMatchObject({ senderId: DXP_CEB_IMPORT, receiverIds: [OUR_DXP_ID] });
  });

  // Issue 16 item 8 at the route: the callback's raw bytes are signed and read, not a UTF-8 string of them
  it.each([
    ['a gateway form with raw GB2312 bytes', 'application/x-www-form-urlencoded', Buffer.concat([Buffer.from('message='), GB2312_RECEIPT])],
    ['a gateway form, percent-encoded GB2312', 'application/x-www-form-urlencoded', Buffer.from(`message=${[...GB2312_RECEIPT].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`)],
    ['a DxpMsg wrapping a GB2312 receipt', 'application/xml', Buffer.from(buildDxpMsg({
      ver: '1.0', copMsgId: 'gb-1', senderId: DXP_CEB_EXPORT, receiverIds: [OUR_DXP_ID], creatTime: '2026-12-06T13:05:00', msgType: 'CEB604Message', data: GB2312_RECEIPT,
    }))],
  ])('takes %s on the callback route and stores it readable (status and text)', async (_name, contentType, body) => {
    const timestamp = String(Date.now());
    const signature = signBody(p.config.SINGLE_WINDOW_CALLBACK_SECRET.reveal(), timestamp, body);
    const res = await fetch(`${p.apiUrl}/v1/callbacks/single-window`, { method: 'POST', headers: { 'content-type': contentType, [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signature }, body });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('SUCCESS');
    const [stored] = await inboxMessages(p, { where: { system: 'single-window', contentType } , bodyContains: contentType === 'application/xml' ? '<CopMsgId>gb-1<' : 'message=' });
    const parsed = parseSingleWindowNotice(stored!.body);
    expect(parsed.ok && parsed.notice.kind === 'RECEIPTS' && parsed.notice.receipts[0]).toMatchObject({ returnStatus: '120', returnInfo: '逻辑校验通过', copNo: 'COP-1' });
    await p.db.inboundMessage.deleteMany({ where: { id: stored!.id } }); // the next case finds its own
  });
});

