import { beforeAll, describe, expect, it } from 'vitest';
import type { DocExtra, DocType } from '../../domain/customs.js';
import { DAY } from '../../domain/time.js';
import { TransportErrorCode } from '../kit/errors.js';
import { eventually, rejection, useSimulator } from '../kit/testing.js';
import { isInvtNo, isPreNo, type CebReceipt } from './ceb/index.js';
import { createSingleWindowClient, DECLARE_PATH } from './client.js';
import { documentRequest, exampleShipment, RECEIPT_WAIT_MS, receiptCallbacks } from './contract.js';
import { buildCustomsMessage } from './mapping.js';
import { SingleWindowErrorCode, type SingleWindowPort } from './port.js';
import { routeReceipt } from './routing.js';
import { createSingleWindowSimulator } from './simulator.js';

const SECRET = 'single-window-callback-secret';
const BOOKING = { bookingNo: 'BK20240301007', conveyanceRef: 'X8001' };
type Input = ReturnType<typeof exampleShipment>;

const sim = useSimulator((callback) => createSingleWindowSimulator({ timeScale: 86_400_000, callback }), receiptCallbacks(SECRET));
const { ledger, control } = sim;
let port: SingleWindowPort;

beforeAll(() => {
  port = createSingleWindowClient({ baseUrl: sim.baseUrl });
});

/** Sends one document as the workflow would; returns its business key. */
async function send(input: Input, docType: DocType, extra: DocExtra = {}, revision = 0) {
  const req = documentRequest(input, docType, extra, revision);
  const msg = buildCustomsMessage(req);
  expect(await port.submit(msg, req.idempotencyKey)).toEqual({ syncStatus: '5', syncInfo: '预处理成功' });
  return msg.businessKey;
}

const receiptsOf = (docType: DocType, key: string): CebReceipt[] =>
  sim.received.flatMap((r) => r.body).filter((r) => { const to = routeReceipt(r); return to?.docType === docType && to.businessKey === key; });
const statuses = (docType: DocType, key: string) => receiptsOf(docType, key).map((r) => r.returnStatus);

/** Waits until the document received `expected.length` receipts, then compares them in order. */
async function expectStatuses(docType: DocType, key: string, expected: string[]) {
  await eventually(() => (statuses(docType, key).length >= expected.length ? true : undefined), RECEIPT_WAIT_MS);
  expect(statuses(docType, key)).toEqual(expected);
}
const lastWith = (docType: DocType, key: string, status: string) => receiptsOf(docType, key).find((r) => r.returnStatus === status);

const scenario = (input: Input, name: string, params: Record<string, unknown> = {}) =>
  control('/_control/scenarios', { key: input.request.orderNo, scenario: name, params });

/** Order + waybill + inventory up to the logic check (120); returns keys and the customs invtNo. */
async function declared(input: Input, inventoryStatuses = ['2', '120']) {
  const order = await send(input, 'ORDER');
  const waybill = await send(input, 'WAYBILL');
  const inventory = await send(input, 'INVENTORY');
  await expectStatuses('INVENTORY', inventory, inventoryStatuses);
  return { order, waybill, inventory, invtNo: lastWith('INVENTORY', inventory, '120')?.invtNo ?? '' };
}

describe('single-window simulator', () => {
  it('runs the 9610 export: 2/120 → arrival → 800 → departure → 899, signed, in order', async () => {
    const input = exampleShipment();
    const payment = await send(input, 'PAYMENT_RECEIPT');
    const { order, waybill, inventory, invtNo } = await declared(input);
    await expectStatuses('ORDER', order, ['2', '120']);
    await expectStatuses('WAYBILL', waybill, ['2', '120']);
    await expectStatuses('PAYMENT_RECEIPT', payment, ['2', '120']);
    expect(invtNo).toMatch(/^7901\d{4}E\d{9}$/);
    expect(isInvtNo(invtNo)).toBe(true);
    const first = receiptsOf('INVENTORY', inventory)[0]!;
    expect(isPreNo(first.preNo ?? '')).toBe(true);
    expect(first).toMatchObject({ orderNo: input.request.orderNo, ebpCode: '5101960PLT', ebcCode: '5101960A2B', statisticsFlag: 'A' });
    expect(first.returnInfo).toBe(`清单新增申报成功[电商企业编码：5101960A2B订单编号：${input.request.orderNo}]`);
    expect(lastWith('INVENTORY', inventory, '120')?.returnInfo).toBe('[Code:1800;Desc:逻辑校验通过]');

    const arrival = await send(input, 'ARRIVAL', BOOKING);
    await expectStatuses('ARRIVAL', arrival, ['2', '399']);
    await expectStatuses('INVENTORY', inventory, ['2', '120', '800']);
    expect(lastWith('INVENTORY', inventory, '800')).toMatchObject({ returnInfo: '[Code:2600;Desc:放行]', invtNo });
    const departure = await send(input, 'DEPARTURE', BOOKING);
    await expectStatuses('DEPARTURE', departure, ['2', '399']);
    await expectStatuses('INVENTORY', inventory, ['2', '120', '800', '899']);
    expect(lastWith('INVENTORY', inventory, '899')?.returnInfo).toBe('[Code:2700;Desc:结关]');

    expect(sim.received.every((d) => d.verified)).toBe(true);
    const all = [...receiptsOf('INVENTORY', inventory), ...receiptsOf('ORDER', order)];
    expect(new Set(all.map((r) => r.guid)).size).toBe(all.length); // every receipt has a fresh guid
    expect(all.every((r) => /^\d{17}$/.test(r.returnTime))).toBe(true);
    const state = (await (await fetch(`${sim.baseUrl}/_state`)).json()) as { documents: Record<string, { status: string; history: { returnStatus: string }[] }> };
    expect(state.documents[`INVENTORY:${inventory}`]).toMatchObject({ status: '899', phase: 'closed', invtNo });
    expect(state.documents[`INVENTORY:${inventory}`]?.history.map((h) => h.returnStatus)).toEqual(['2', '120', '800', '899']);
  });

  it('matches an inventory that arrives before its order and waybill', async () => {
    const input = exampleShipment();
    const inventory = await send(input, 'INVENTORY');
    await expectStatuses('INVENTORY', inventory, ['2']);
    await send(input, 'ORDER');
    await send(input, 'WAYBILL');
    await expectStatuses('INVENTORY', inventory, ['2', '120']);
  });

  it('refuses a second order with the same number (-301010) but accepts one after a rejection', async () => {
    const input = exampleShipment();
    const order = await send(input, 'ORDER');
    await expectStatuses('ORDER', order, ['2']);
    await send(input, 'ORDER', {}, 1);
    await expectStatuses('ORDER', order, ['2', '-301010']);
    expect(lastWith('ORDER', order, '-301010')?.returnInfo).toBe('已存在相同编号的订单');

    const rejected = exampleShipment();
    await scenario(rejected, 'reject-order');
    const key = await send(rejected, 'ORDER');
    await expectStatuses('ORDER', key, ['2', '100']);
    await send(rejected, 'ORDER', {}, 1);
    await expectStatuses('ORDER', key, ['2', '100', '2']);
  });

  it('reject-inventory: the first submissions are sent back, a later one passes', async () => {
    const input = exampleShipment();
    await scenario(input, 'reject-inventory', { times: 2 });
    const { inventory } = await declared(input, ['2', '100']);
    expect(lastWith('INVENTORY', inventory, '100')?.returnInfo).toBe('[Code:1300;Desc:人工退单，商品编码有误]');
    await expectStatuses('INVENTORY', await send(input, 'INVENTORY', {}, 1), ['2', '100']);
    await expectStatuses('INVENTORY', await send(input, 'INVENTORY', {}, 2), ['2', '120']);
  });

  it('inspect: 500 after the logic check, released after the arrival', async () => {
    const input = exampleShipment();
    await scenario(input, 'inspect');
    const { inventory } = await declared(input, ['2', '120', '500']);
    expect(lastWith('INVENTORY', inventory, '500')?.returnInfo).toBe('[Code:2500;Desc:查验]');
    await send(input, 'ARRIVAL', BOOKING);
    await expectStatuses('INVENTORY', inventory, ['2', '120', '500', '800']);
  });

  it('delay-release: the 800 comes only after the business delay', async () => {
    const input = exampleShipment();
    await scenario(input, 'delay-release', { businessDelayMs: 1500 * DAY }); // ≈ 1.5 s real
    const { inventory } = await declared(input);
    const arrival = await send(input, 'ARRIVAL', BOOKING);
    await expectStatuses('ARRIVAL', arrival, ['2', '399']);
    expect(statuses('INVENTORY', inventory)).toEqual(['2', '120']);
    await eventually(() => lastWith('INVENTORY', inventory, '800'), 10_000);
  });

  it('reject-after-arrival: the first release becomes a 100, the corrected inventory is released at once', async () => {
    const input = exampleShipment();
    await scenario(input, 'reject-after-arrival');
    const { inventory } = await declared(input);
    await send(input, 'ARRIVAL', BOOKING);
    await expectStatuses('INVENTORY', inventory, ['2', '120', '100']);
    expect(lastWith('INVENTORY', inventory, '100')?.returnInfo).toBe('[Code:1300;Desc:人工审核退单，申报价格与实际不符]');
    const corrected = await send(input, 'INVENTORY', {}, 1);
    expect(corrected).not.toBe(inventory);
    await expectStatuses('INVENTORY', corrected, ['2', '120', '800']);
  });

  it('cancels an inventory that is not released (no 800/899 later), refuses once released', async () => {
    const input = exampleShipment();
    const { inventory, invtNo } = await declared(input);
    const cancel = await send(input, 'INVENTORY_CANCEL', { invtNo, reason: '买家取消订单' });
    await expectStatuses('INVENTORY_CANCEL', cancel, ['2', '399']);
    expect(lastWith('INVENTORY_CANCEL', cancel, '399')).toMatchObject({ invtNo, returnInfo: '[Code:2300;Desc:审核通过],撤单申请审核通过,清单已成功撤单' });
    await expectStatuses('ARRIVAL', await send(input, 'ARRIVAL', BOOKING), ['2', '399']);
    await expectStatuses('DEPARTURE', await send(input, 'DEPARTURE', BOOKING), ['2', '399']);
    expect(statuses('INVENTORY', inventory)).toEqual(['2', '120']);

    const released = exampleShipment();
    const r = await declared(released);
    await send(released, 'ARRIVAL', BOOKING);
    await expectStatuses('INVENTORY', r.inventory, ['2', '120', '800']);
    const late = await send(released, 'INVENTORY_CANCEL', { invtNo: r.invtNo, reason: '买家取消订单' });
    await expectStatuses('INVENTORY_CANCEL', late, ['2', '-623005']);
  });

  it('sends a negative receipt with the problems for a message that fails validation', async () => {
    const input = exampleShipment();
    const msg = buildCustomsMessage(documentRequest(input, 'WAYBILL'));
    const bad = msg.xml.replace(/<ceb:packNo>\d+<\/ceb:packNo>/, '<ceb:packNo>one</ceb:packNo>');
    expect((await port.submit({ messageType: msg.messageType, xml: bad }, `bad:${input.shipmentId}`)).syncStatus).toBe('5');
    await expectStatuses('WAYBILL', msg.businessKey, ['-504000']);
    expect(lastWith('WAYBILL', msg.businessKey, '-504000')?.returnInfo).toContain('packNo');
  });

  it('performs a repeated idempotency key once: same answer, one effect, nothing new sent', async () => {
    const input = exampleShipment();
    const req = documentRequest(input, 'ORDER');
    const msg = buildCustomsMessage(req);
    await port.submit(msg, req.idempotencyKey);
    await port.submit(msg, req.idempotencyKey);
    expect(await ledger(req.idempotencyKey)).toEqual([expect.objectContaining({ operation: 'CEB303Message', requests: 2 })]);
    await send(input, 'WAYBILL');
    await send(input, 'INVENTORY');
    await expectStatuses('ORDER', msg.businessKey, ['2', '120']); // one 2, not two
  });

  it('answers 503 during an outage, which the client reports as retryable', async () => {
    await control('/_control/outage', { durationMs: 60_000 });
    try {
      const req = documentRequest(exampleShipment(), 'ORDER');
      const err = await rejection(port.submit(buildCustomsMessage(req), req.idempotencyKey));
      expect(err).toMatchObject({ code: TransportErrorCode.Unavailable, retryable: true, status: 503 });
    } finally {
      await control('/_control/outage', {}, 'DELETE');
    }
  });

  it('system-error: -1 is a retryable SYSTEM_ERROR; the retry with the same key goes through', async () => {
    const input = exampleShipment();
    await scenario(input, 'system-error');
    const req = documentRequest(input, 'ORDER');
    const msg = buildCustomsMessage(req);
    const err = await rejection(port.submit(msg, req.idempotencyKey));
    expect(err).toMatchObject({ code: SingleWindowErrorCode.SystemError, retryable: true });
    expect((await port.submit(msg, req.idempotencyKey)).syncStatus).toBe('5');
    await expectStatuses('ORDER', msg.businessKey, ['2']);
  });

  it('silent: processes the documents of the order (and its waybill) but sends none of their receipts', async () => {
    const input = exampleShipment();
    await scenario(input, 'silent');
    await control('/_control/scenarios', { key: input.request.logistics.waybillNo, scenario: 'silent', params: {} });
    const loud = exampleShipment();
    const order = await send(input, 'ORDER');
    const waybill = await send(input, 'WAYBILL');
    const inventory = await send(input, 'INVENTORY');
    await send(input, 'ARRIVAL', BOOKING);
    const other = await declared(loud); // another order in the meantime is answered as usual
    await send(loud, 'ARRIVAL', BOOKING);
    await expectStatuses('INVENTORY', other.inventory, ['2', '120', '800']);
    const state = async () => ((await (await fetch(`${sim.baseUrl}/_state`)).json()) as { documents: Record<string, { status: string }> }).documents;
    await eventually(async () => ((await state())[`INVENTORY:${inventory}`]?.status === '800' ? true : undefined), RECEIPT_WAIT_MS);
    expect((await state())[`ORDER:${order}`]?.status).toBe('120');
    expect(statuses('ORDER', order)).toEqual([]);
    expect(statuses('WAYBILL', waybill)).toEqual([]);
    expect(statuses('INVENTORY', inventory)).toEqual([]);
    expect(sim.received.flatMap((r) => r.body).some((r) => r.orderNo === input.request.orderNo || r.logisticsNo === input.request.logistics.waybillNo)).toBe(false);
  });

  it('answers plain text when it cannot parse the message, which the client reports as FORMAT_ERROR', async () => {
    const res = await fetch(`${sim.baseUrl}${DECLARE_PATH}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'xml=%3Cbroken' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^报文解析失败/);
    const err = await rejection(port.submit({ messageType: 'CEB303Message', xml: '<broken' }, 'plain-text-1'));
    expect(err).toMatchObject({ code: SingleWindowErrorCode.FormatError, retryable: false });
    expect(err.message).toContain('报文解析失败');
  });
});
