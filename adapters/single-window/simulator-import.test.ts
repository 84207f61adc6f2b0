// The Single Window simulator's 1210 bonded import over real HTTP: three orders + inventory
// (三单对碰), limits and quota, release and the e-tax bill CEB816, cancellation, returns, scenarios.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocType } from '../../domain/customs.js';
import { PositiveListFile } from '../../domain/import/positive-list.js';
import { DAY } from '../../domain/time.js';
import { eventually, rejection, useSimulator } from '../kit/testing.js';
import {
  buildCeb311, buildCeb411, buildCeb511, buildCeb513, buildCeb621, buildCeb623, buildCeb625, detectMessageType, isInvtNo, isPreNo,
  parseIssued, parseReceipts, parseTaxBillStatuses, parseTaxBills, validateIssued, validateReceipt, type BaseTransfer, type CebReceipt, type Ceb311Order, type Ceb411Payment,
  type Ceb511Logistics, type Ceb621Inventory, type TaxBill,
} from './ceb/index.js';
import { createSingleWindowClient } from './client.js';
import { RECEIPT_WAIT_MS } from './contract.js';
import { SingleWindowErrorCode, type SingleWindowPort } from './port.js';
import { routeReceipt } from './routing.js';
import { generateTestKeyMaterial } from './signing/certificate.js';
import { createXmlSigner } from './signing/dsig.js';
import { createKeyFileSigningKey } from './signing/keys.js';
import { createSingleWindowSimulator } from './simulator.js';

const SECRET = 'single-window-callback-secret';
/** The sample positive list (not official) the simulated customs checks in 三单对碰 (domain-rules.md §2.3). */
const SAMPLE_LIST = PositiveListFile.parse(JSON.parse(readFileSync(new URL('../../examples/positive-list.sample.json', import.meta.url), 'utf8')));
const TIME_SCALE = 864_000; // a business day lasts 100 ms: the 30-day return window is 3 s real
let skew = 0; // moves the simulator's clock (business time = real time × TIME_SCALE)

/** Every message the platform received: receipts (parsed) and customs-issued CEB816/818/792 (raw XML). */
const sim = useSimulator(
  (callback) => createSingleWindowSimulator({ timeScale: TIME_SCALE, callback, now: () => Date.now() + skew, positiveLists: [SAMPLE_LIST] }),
  {
    secret: SECRET, path: '/v1/callbacks/single-window', contentType: 'application/x-www-form-urlencoded', ack: { status: 200, text: 'SUCCESS' },
    parse: (raw) => {
      const xml = new URLSearchParams(raw).get('message') ?? '';
      return { type: detectMessageType(xml), xml, receipts: parseReceipts(xml) };
    },
  },
);
let port: SingleWindowPort;
beforeAll(() => {
  port = createSingleWindowClient({ baseUrl: sim.baseUrl });
});

const BT: BaseTransfer = { copCode: '5117960A01', copName: '达州测试跨境电商有限公司', dxpMode: 'DXP', dxpId: 'DXPENT0000099001' };
const APP = { appType: '1', appTime: '20250301093005', appStatus: '2' } as const;
const guid = () => randomBytes(16).toString('hex').toUpperCase().replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

interface Line { hs: string; name: string; qty: string; price: string }
/** One consumer's import order with its payment, waybill and inventory; unique numbers and buyer per call. */
function importCase(lines: Line[] = [{ hs: '1901101000', name: '婴儿配方奶粉', qty: '2', price: '200' }], freight = '10', buyerId = `5117021990${digits(8)}`) {
  const tag = digits(10);
  const goods = lines.map((l, j) => ({ ...l, gnum: j + 1, total: (Number(l.qty) * Number(l.price)).toFixed(2) }));
  const goodsValue = goods.reduce((s, l) => s + Number(l.total), 0).toFixed(2);
  const taxTotal = '0';
  const acturalPaid = (Number(goodsValue) + Number(freight)).toFixed(2);
  const keys = {
    orderNo: `IO${tag}`, ebpCode: '5117960PLT', ebcCode: '5117960EBC', payCode: '3101960PAY', payTransactionId: `TX${tag}`,
    logisticsCode: '5117960LGS', logisticsNo: `DZ${tag}CN`, buyerName: '测试姓名', buyerIdNumber: buyerId,
  };
  const order = (o: Partial<Ceb311Order['OrderHead']> = {}): Ceb311Order => ({
    OrderHead: {
      guid: guid(), ...APP, orderType: 'I', orderNo: keys.orderNo, ebpCode: keys.ebpCode, ebpName: '达州跨境商城', ebcCode: keys.ebcCode,
      ebcName: '达州测试电商企业', goodsValue, freight, discount: '0', taxTotal, acturalPaid, currency: '142', buyerRegNo: `u${tag}`,
      buyerName: keys.buyerName, buyerTelephone: '13800000000', buyerIdType: '1', buyerIdNumber: keys.buyerIdNumber, payCode: keys.payCode,
      payName: '测试支付公司', payTransactionId: keys.payTransactionId, consignee: '测试收货人', consigneeTelephone: '13900000000',
      consigneeAddress: '四川省达州市通川区测试路1号', ...o,
    },
    OrderList: goods.map((l) => ({
      gnum: l.gnum, itemNo: `SKU-${l.gnum}`, itemName: l.name, gmodel: '规格', unit: '007', qty: l.qty, price: l.price, totalPrice: l.total,
      currency: '142', country: '309',
    })),
  });
  const payment = (o: Partial<Ceb411Payment['PaymentHead']> = {}): Ceb411Payment => ({
    PaymentHead: {
      guid: guid(), ...APP, payCode: keys.payCode, payName: '测试支付公司', payTransactionId: keys.payTransactionId, orderNo: keys.orderNo,
      ebpCode: keys.ebpCode, ebpName: '达州跨境商城', payerIdType: '1', payerIdNumber: keys.buyerIdNumber, payerName: keys.buyerName,
      amountPaid: acturalPaid, currency: '142', payTime: '20250301093010', ...o,
    },
  });
  const waybill = (): Ceb511Logistics => ({
    LogisticsHead: {
      guid: guid(), ...APP, logisticsCode: keys.logisticsCode, logisticsName: '达州测试物流', logisticsNo: keys.logisticsNo, orderNo: keys.orderNo,
      freight, currency: '142', weight: '2.1', packNo: 1, consignee: '测试收货人', consigneeAddress: '四川省达州市通川区测试路1号',
      consigneeTelephone: '13900000000',
    },
  });
  const inventory = (copNo = `MI${tag}`, o: Partial<Ceb621Inventory['InventoryHead']> = {}, lineOver: Partial<Ceb621Inventory['InventoryList'][number]> = {}): Ceb621Inventory => ({
    InventoryHead: {
      guid: guid(), ...APP, orderNo: keys.orderNo, ebpCode: keys.ebpCode, ebpName: '达州跨境商城', ebcCode: keys.ebcCode, ebcName: '达州测试电商企业',
      logisticsNo: keys.logisticsNo, logisticsCode: keys.logisticsCode, logisticsName: '达州测试物流', copNo, assureCode: '5117960AGT',
      emsNo: 'T7912W000001', ieFlag: 'I', declTime: '20250301', customsCode: '7912', portCode: '7912', buyerIdType: '1',
      buyerIdNumber: keys.buyerIdNumber, buyerName: keys.buyerName, buyerTelephone: '13800000000', consigneeAddress: '四川省达州市通川区测试路1号',
      agentCode: '5117960AGT', agentName: '达州测试报关行', areaCode: '5117960WHS', areaName: '达州保税物流中心仓储企业', tradeMode: '1210',
      trafMode: 'W', country: '142', freight, insuredFee: '0', currency: '142', packNo: 1, grossWeight: '2.1', netWeight: '1.9', ...o,
    },
    InventoryList: goods.map((l) => ({
      gnum: l.gnum, itemRecordNo: `REC-${l.gnum}`, itemNo: `SKU-${l.gnum}`, gcode: l.hs, gname: l.name, gmodel: '规格', country: '309',
      currency: '142', qty: l.qty, unit: '007', qty1: '1', unit1: '035', price: l.price, totalPrice: l.total, ...(l.gnum === 1 ? lineOver : {}),
    })),
  });
  const appHead = (invtNo: string, copNo: string) => ({
    guid: guid(), ...APP, appType: '1' as const, customsCode: '7912', orderNo: keys.orderNo, ebpCode: keys.ebpCode, ebpName: '达州跨境商城',
    ebcCode: keys.ebcCode, ebcName: '达州测试电商企业', logisticsNo: keys.logisticsNo, logisticsCode: keys.logisticsCode, logisticsName: '达州测试物流',
    copNo, invtNo, buyerIdType: '1' as const, buyerIdNumber: keys.buyerIdNumber, buyerName: keys.buyerName, buyerTelephone: '13800000000',
    agentCode: '5117960AGT', agentName: '达州测试报关行',
  });
  return {
    keys, goods, order, payment, waybill, inventory,
    cancel: (invtNo: string) => appHead(invtNo, `MC${tag}`),
    refund: (invtNo: string, ret: { gnum: number; qty: string }[], copNo = `MR${tag}`) => ({
      InvtRefundHead: { ...appHead(invtNo, copNo), reason: '七天无理由退货' },
      InvtRefundList: ret.map((r) => ({ gnum: r.gnum, gcode: goods[r.gnum - 1]?.hs ?? '0000000000', gname: goods[r.gnum - 1]?.name ?? '无', qty: r.qty, unit: '007' })),
    }),
  };
}
type Case = ReturnType<typeof importCase>;

/** The import XSD makes ds:Signature mandatory in CEB621/623/625 (ceb-messages.md §4): those go signed. */
const signer = createXmlSigner(createKeyFileSigningKey(generateTestKeyMaterial({ algorithm: 'rsa-sha1', copCode: BT.copCode, copName: BT.copName })));
const MUST_SIGN = new Set(['CEB621Message', 'CEB623Message', 'CEB625Message']);
async function submit(messageType: string, unsigned: string, key = guid()) {
  const xml = MUST_SIGN.has(messageType) ? await signer.sign(unsigned) : unsigned;
  expect(await port.submit({ messageType, xml }, key)).toEqual({ syncStatus: '5', syncInfo: '预处理成功' });
}
const sendOrder = (c: Case, o?: Partial<Ceb311Order['OrderHead']>) => submit('CEB311Message', buildCeb311([c.order(o)], BT));
const sendPayment = (c: Case, o?: Partial<Ceb411Payment['PaymentHead']>) => submit('CEB411Message', buildCeb411([c.payment(o)], BT));
const sendWaybill = (c: Case) => submit('CEB511Message', buildCeb511([c.waybill()], BT));
async function sendInventory(c: Case, ...args: Parameters<Case['inventory']>) {
  const inv = c.inventory(...args);
  await submit('CEB621Message', buildCeb621([inv], BT));
  return inv.InventoryHead.copNo ?? '';
}

const received = () => sim.received.map((r) => r.body);
const receiptsOf = (docType: DocType, key: string): CebReceipt[] =>
  received().flatMap((m) => m.receipts).filter((r) => { const to = routeReceipt(r); return to?.docType === docType && to.businessKey === key; });
const statuses = (docType: DocType, key: string) => receiptsOf(docType, key).map((r) => r.returnStatus);
async function expectStatuses(docType: DocType, key: string, expected: string[]) {
  await eventually(() => (statuses(docType, key).length >= expected.length ? true : undefined), RECEIPT_WAIT_MS);
  expect(statuses(docType, key)).toEqual(expected);
}
const last = (docType: DocType, key: string) => receiptsOf(docType, key).at(-1);
const taxBills = (): TaxBill[] => received().filter((m) => m.type === 'CEB816Message').flatMap((m) => parseTaxBills(m.xml));
const taxBillOf = (invtNo: string) => eventually(() => taxBills().find((b) => b.invtNo === invtNo), RECEIPT_WAIT_MS);
const keysOf = (c: Case) => ({
  order: `${c.keys.ebpCode}:${c.keys.orderNo}`, payment: `${c.keys.payCode}:${c.keys.payTransactionId}`, waybill: `${c.keys.logisticsCode}:${c.keys.logisticsNo}`,
});
const scenario = (key: string, name: string, params: Record<string, unknown> = {}) => sim.control('/_control/scenarios', { key, scenario: name, params });
const state = async () => (await (await fetch(`${sim.baseUrl}/_state`)).json()) as {
  documents: Record<string, { status: string; phase?: string; invtNo?: string; issued?: { messageType: string }[] }>;
  importQuota: Record<string, Record<string, string>>;
  taxBills: Record<string, { taxNo: string; status: string }>;
};

/** Order, payment, waybill and inventory; waits for the inventory's statuses; returns its copNo and invtNo. */
async function declared(c: Case, inventoryStatuses = ['2', '120', '800']) {
  await sendOrder(c);
  await sendPayment(c);
  await sendWaybill(c);
  const copNo = await sendInventory(c);
  await expectStatuses('IMPORT_INVENTORY', copNo, inventoryStatuses);
  return { copNo, invtNo: receiptsOf('IMPORT_INVENTORY', copNo).find((r) => r.invtNo)?.invtNo ?? '' };
}

describe('single-window simulator: 1210 bonded import', () => {
  it('three orders + inventory: 2 → 120 for all, inventory 800, then the CEB816 e-tax bill (VAT 37.31 on CNY 410)', async () => {
    const c = importCase([{ hs: '1901101000', name: '婴儿配方奶粉', qty: '2', price: '200' }], '10');
    const k = keysOf(c);
    const { copNo, invtNo } = await declared(c);
    await expectStatuses('IMPORT_ORDER', k.order, ['2', '120']);
    await expectStatuses('IMPORT_PAYMENT', k.payment, ['2', '120']);
    await expectStatuses('IMPORT_WAYBILL', k.waybill, ['2', '120']);
    expect(last('IMPORT_PAYMENT', k.payment)).toMatchObject({ messageType: 'CEB412Message', payCode: c.keys.payCode, payTransactionId: c.keys.payTransactionId });
    expect(last('IMPORT_ORDER', k.order)).toMatchObject({ messageType: 'CEB312Message', ebcCode: c.keys.ebcCode, returnInfo: '[Code:1800;Desc:逻辑校验通过]' });

    const [first, passed, released] = receiptsOf('IMPORT_INVENTORY', copNo);
    expect(first).toMatchObject({ messageType: 'CEB622Message', copNo, customsCode: '7912', ebpCode: c.keys.ebpCode, ebcCode: c.keys.ebcCode, agentCode: '5117960AGT' });
    expect(first?.returnInfo).toBe(`清单新增申报成功[电商企业编码：${c.keys.ebcCode}订单编号：${c.keys.orderNo}]`);
    expect(first?.invtNo).toBeUndefined();
    expect(isPreNo(first?.preNo ?? '')).toBe(true);
    expect(passed).toMatchObject({ returnInfo: '[Code:1800;Desc:逻辑校验通过]', preNo: first?.preNo, invtNo });
    expect(invtNo).toMatch(/^7912\d{4}I\d{9}$/);
    expect(isInvtNo(invtNo)).toBe(true);
    expect(released).toMatchObject({ returnStatus: '800', returnInfo: '[Code:2600;Desc:放行]', invtNo });

    const bill = await taxBillOf(invtNo);
    expect(bill).toMatchObject({
      invtNo, taxNo: `${invtNo}_0`, status: '1', customsTax: '0.00', valueAddedTax: '37.31', consumptionTax: '0.00',
      assureCode: '5117960AGT', ebcCode: c.keys.ebcCode, logisticsCode: c.keys.logisticsCode, agentCode: '5117960AGT', customsCode: '7912',
    });
    expect(bill.lines).toEqual([{ gnum: 1, gcode: '1901101000', taxPrice: '410.00', customsTax: '0.00', valueAddedTax: '37.31', consumptionTax: '0.00' }]);
    expect(sim.received.every((r) => r.verified)).toBe(true);

    const s = await state();
    expect(s.documents[`IMPORT_INVENTORY:${copNo}`]).toMatchObject({ status: '800', phase: 'released', invtNo, issued: [expect.objectContaining({ messageType: 'CEB816Message' })] });
    expect(s.importQuota[c.keys.buyerIdNumber]).toEqual({ [invtNo.slice(4, 8)]: '410.00' });
    expect(s.taxBills[invtNo]).toMatchObject({ taxNo: `${invtNo}_0`, status: '1' });
  });

  it('taxes per line: freight shared by value, cosmetics (3304) with consumption tax 15 %, VAT 13 %, × 70 %', async () => {
    const c = importCase([{ hs: '1901101000', name: '婴儿配方奶粉', qty: '2', price: '180' }, { hs: '3304990099', name: '面霜', qty: '1', price: '50' }], '10');
    const { invtNo } = await declared(c);
    const bill = await taxBillOf(invtNo);
    // freight 10.00 → 8.78 to line 1 (360/410), 1.22 to line 2.
    // line 1: 368.78 × 13 % × 70 % = 33.56; line 2: base 51.22 / 0.85, CT × 15 % × 70 % = 6.33, VAT × 13 % × 70 % = 5.48.
    expect(bill.lines).toEqual([
      { gnum: 1, gcode: '1901101000', taxPrice: '368.78', customsTax: '0.00', valueAddedTax: '33.56', consumptionTax: '0.00' },
      { gnum: 2, gcode: '3304990099', taxPrice: '51.22', customsTax: '0.00', valueAddedTax: '5.48', consumptionTax: '6.33' },
    ]);
    expect(bill).toMatchObject({ valueAddedTax: '39.04', consumptionTax: '6.33', customsTax: '0.00' });
  });

  it('matches in whatever order the documents come (inventory first)', async () => {
    const c = importCase();
    const copNo = await sendInventory(c);
    await expectStatuses('IMPORT_INVENTORY', copNo, ['2']);
    await sendWaybill(c);
    await sendOrder(c);
    expect(statuses('IMPORT_INVENTORY', copNo)).toEqual(['2']); // payment still missing
    await sendPayment(c);
    await expectStatuses('IMPORT_INVENTORY', copNo, ['2', '120', '800']);
  });

  it.each([
    ['(a) payment amount ≠ order acturalPaid', {}, { amountPaid: '1.00' }, '支付单支付金额与订单实际支付金额不一致'],
    ['(b) acturalPaid ≠ goods + freight + tax − discount', { discount: '5' }, {}, '订单实际支付金额与商品价格+运杂费+代扣税款-非现金抵扣金额不一致'],
    ['(c) payer ≠ buyer', {}, { payerName: '另一人' }, '[Code:1327;Desc:订单购买人与支付单支付人名字或身份证号码不一致]'],
    ['payment enterprise ≠ the order\'s', {}, { payCode: '3101960OTH' }, '[Code:13035;Desc:支付企业不一致]'],
  ])('%s → the inventory gets 100 with the reference text; the three orders stay at 2', async (_name, orderOver, paymentOver, info) => {
    const c = importCase();
    await sendOrder(c, orderOver);
    await sendPayment(c, paymentOver);
    await sendWaybill(c);
    const copNo = await sendInventory(c);
    await expectStatuses('IMPORT_INVENTORY', copNo, ['2', '100']);
    expect(last('IMPORT_INVENTORY', copNo)?.returnInfo).toBe(info);
    expect(statuses('IMPORT_ORDER', keysOf(c).order)).toEqual(['2']);
    expect(statuses('IMPORT_WAYBILL', keysOf(c).waybill)).toEqual(['2']);
  });

  it('refuses goods not on the positive list in 三单对碰 (100), naming the line (domain-rules.md §2.3)', async () => {
    const c = importCase([{ hs: '1901101000', name: '婴儿配方奶粉', qty: '1', price: '100' }, { hs: '9503008900', name: '玩具车', qty: '1', price: '50' }]);
    await sendOrder(c);
    await sendPayment(c);
    await sendWaybill(c);
    const copNo = await sendInventory(c);
    await expectStatuses('IMPORT_INVENTORY', copNo, ['2', '100']);
    expect(last('IMPORT_INVENTORY', copNo)?.returnInfo).toBe('商品不在跨境电子商务零售进口商品清单（正面清单）内：第2项 tariff line 95030089 is not on the positive list (2022-sample)');
  });

  it('(d) inventory buyer ≠ order buyer → 13127; a corrected inventory (new copNo) passes', async () => {
    const c = importCase();
    await sendOrder(c);
    await sendPayment(c);
    await sendWaybill(c);
    const wrong = await sendInventory(c, undefined, { buyerName: '别人' });
    await expectStatuses('IMPORT_INVENTORY', wrong, ['2', '100']);
    expect(last('IMPORT_INVENTORY', wrong)?.returnInfo).toBe('[Code:13127;Desc:清单订购人和订单不一致，修改订购人后重新申报]');
    const fixed = await sendInventory(c, `${wrong}R1`);
    await expectStatuses('IMPORT_INVENTORY', fixed, ['2', '120', '800']);
    await expectStatuses('IMPORT_ORDER', keysOf(c).order, ['2', '120']);
  });

  it('(e) inventory lines ≠ order lines → 1322', async () => {
    const c = importCase();
    await sendOrder(c);
    await sendPayment(c);
    await sendWaybill(c);
    const copNo = await sendInventory(c, undefined, {}, { qty: '3', totalPrice: '600.00' });
    await expectStatuses('IMPORT_INVENTORY', copNo, ['2', '100']);
    expect(last('IMPORT_INVENTORY', copNo)?.returnInfo).toBe('[Code:1322;Desc:订单清单表体商品项不一致]');
  });

  it('(f) single limit: several items over CNY 5,000 → −621005', async () => {
    const c = importCase([{ hs: '1901101000', name: '奶粉', qty: '2', price: '2500' }, { hs: '1901101000', name: '奶粉', qty: '1', price: '190' }], '10');
    const { copNo } = await declared(c, ['2', '-621005']);
    expect(last('IMPORT_INVENTORY', copNo)?.returnInfo).toBe('超过单笔限额[完税价格5200.00元，单次交易限值5000.00元]');
  });

  it('(f) annual limit CNY 26,000 per buyer: 1313 once exceeded; an accepted return gives the quota back', async () => {
    const buyer = `5117021990${digits(8)}`;
    // One indivisible item over CNY 5,000: taxed in full (tariff from the scenario's goods rates), counted toward the year.
    const big = importCase([{ hs: '8471300000', name: '笔记本电脑', qty: '1', price: '22000' }], '0', buyer);
    await scenario(big.keys.orderNo, 'goods-rates', { goodsRates: { '8471': { vatRateBp: 1300, tariffRateBp: 1000 } } });
    const first = await declared(big);
    expect(await taxBillOf(first.invtNo)).toMatchObject({ customsTax: '2200.00', valueAddedTax: '3146.00', consumptionTax: '0.00' });

    const more = importCase([{ hs: '1901101000', name: '奶粉', qty: '9', price: '500' }], '0', buyer); // 4,500: 26,500 > 26,000
    const refused = await declared(more, ['2', '100']);
    expect(last('IMPORT_INVENTORY', refused.copNo)?.returnInfo).toBe('[Code:1313;Desc:订购人购买超过年度限额,超过个人年度购买额度]');
    expect((await state()).importQuota[buyer]).toEqual({ [first.invtNo.slice(4, 8)]: '22000.00' });

    const ret = big.refund(first.invtNo, [{ gnum: 1, qty: '1' }]);
    await submit('CEB625Message', buildCeb625([ret], BT));
    await expectStatuses('IMPORT_RETURN', ret.InvtRefundHead.copNo, ['2', '120', '399']);
    expect(last('IMPORT_RETURN', ret.InvtRefundHead.copNo)).toMatchObject({ invtNo: first.invtNo, returnInfo: '[Code:2300;Desc:审核通过]', customsCode: '7912' });
    // A full return voids the tax bill (CEB818 status 3) and restores the quota.
    const voided = await eventually(() => received().filter((m) => m.type === 'CEB818Message').flatMap((m) => parseTaxBillStatuses(m.xml)).find((s) => s.invtNo === first.invtNo), RECEIPT_WAIT_MS);
    expect(voided).toMatchObject({ taxNo: `${first.invtNo}_0`, status: '3' });
    expect((await state()).importQuota[buyer]).toEqual({ [first.invtNo.slice(4, 8)]: '0.00' });

    const again = await sendInventory(more, `${refused.copNo}R1`);
    await expectStatuses('IMPORT_INVENTORY', again, ['2', '120', '800']);
  });

  it('inspect: 2 → 120 → 500 → 800, then the tax bill', async () => {
    const c = importCase();
    await scenario(c.keys.orderNo, 'inspect');
    const { invtNo } = await declared(c, ['2', '120', '500', '800']);
    await taxBillOf(invtNo);
  });

  it('reject-import-inventory: the first CEB621 gets 2 then 100, the next one passes', async () => {
    const c = importCase();
    await scenario(c.keys.orderNo, 'reject-import-inventory');
    const { copNo } = await declared(c, ['2', '100']);
    expect(last('IMPORT_INVENTORY', copNo)?.returnInfo).toBe('[Code:1300;Desc:人工退单，订购人身份证号码有误]');
    expect(statuses('IMPORT_ORDER', keysOf(c).order)).toEqual(['2']);
    await expectStatuses('IMPORT_INVENTORY', await sendInventory(c, `${copNo}R1`), ['2', '120', '800']);
  });

  it('CEB623 cancels an inventory at 120 (never released), refuses a released one with −623005', async () => {
    const held = importCase();
    await scenario(held.keys.orderNo, 'delay-release', { businessDelayMs: 365 * DAY });
    const { copNo, invtNo } = await declared(held, ['2', '120']);
    const cancel = held.cancel(invtNo);
    await submit('CEB623Message', buildCeb623([{ ...cancel, reason: '买家取消订单' }], BT));
    await expectStatuses('IMPORT_INVENTORY_CANCEL', cancel.copNo, ['2', '399']);
    expect(last('IMPORT_INVENTORY_CANCEL', cancel.copNo)).toMatchObject({
      messageType: 'CEB624Message', invtNo, returnInfo: '[Code:2300;Desc:审核通过],撤单申请审核通过,清单已成功撤单',
    });
    expect((await state()).documents[`IMPORT_INVENTORY:${copNo}`]).toMatchObject({ status: '120', phase: 'cancelled' });

    const done = importCase();
    const r = await declared(done);
    const late = done.cancel(r.invtNo);
    await submit('CEB623Message', buildCeb623([{ ...late, reason: '买家取消订单' }], BT));
    await expectStatuses('IMPORT_INVENTORY_CANCEL', late.copNo, ['2', '-623005']);
    expect(last('IMPORT_INVENTORY_CANCEL', late.copNo)?.returnInfo).toBe('清单状态不符合撤单申报要求');
  });

  it('CEB625 after 30 business days is refused; unknown lines get −625209', async () => {
    const c = importCase();
    const { invtNo } = await declared(c);
    const wrongLine = c.refund(invtNo, [{ gnum: 5, qty: '1' }], `MR${digits(8)}`);
    await submit('CEB625Message', buildCeb625([wrongLine], BT));
    await expectStatuses('IMPORT_RETURN', wrongLine.InvtRefundHead.copNo, ['2', '-625209']);
    expect(last('IMPORT_RETURN', wrongLine.InvtRefundHead.copNo)?.returnInfo).toBe('在关联的清单中未找到表体序号');

    skew += (31 * DAY) / TIME_SCALE; // 31 business days later
    const late = c.refund(invtNo, [{ gnum: 1, qty: '1' }]);
    await submit('CEB625Message', buildCeb625([late], BT));
    await expectStatuses('IMPORT_RETURN', late.InvtRefundHead.copNo, ['2', '100']);
    expect(last('IMPORT_RETURN', late.InvtRefundHead.copNo)?.returnInfo).toBe('退货申请超过期限：清单放行已超过30天，不能申请退货');
    expect((await state()).importQuota[c.keys.buyerIdNumber]).toEqual({ [invtNo.slice(4, 8)]: '410.00' });
  });

  it('CEB513 waybill status S is answered with CEB514 2, echoing logisticsStatus', async () => {
    const c = importCase();
    await sendWaybill(c);
    await submit('CEB513Message', buildCeb513([{
      guid: guid(), ...APP, logisticsCode: c.keys.logisticsCode, logisticsName: '达州测试物流', logisticsNo: c.keys.logisticsNo,
      logisticsStatus: 'S', logisticsTime: '20250303175500',
    }], BT));
    await expectStatuses('WAYBILL_STATUS', keysOf(c).waybill, ['2']);
    expect(last('WAYBILL_STATUS', keysOf(c).waybill)).toMatchObject({ messageType: 'CEB514Message', logisticsStatus: 'S' });
  });

  it('refuses duplicates: order −301010, payment −401007; the documents stay accepted', async () => {
    const c = importCase();
    await sendOrder(c);
    await sendPayment(c);
    await expectStatuses('IMPORT_ORDER', keysOf(c).order, ['2']);
    await expectStatuses('IMPORT_PAYMENT', keysOf(c).payment, ['2']);
    await sendOrder(c);
    await sendPayment(c);
    await expectStatuses('IMPORT_ORDER', keysOf(c).order, ['2', '-301010']);
    await expectStatuses('IMPORT_PAYMENT', keysOf(c).payment, ['2', '-401007']);
    expect(last('IMPORT_PAYMENT', keysOf(c).payment)?.returnInfo).toBe('已存在相同编号的支付单');
    expect((await state()).documents[`IMPORT_ORDER:${keysOf(c).order}`]?.status).toBe('2');
  });

  it('sends −621000 with the field path for an inventory that fails validation', async () => {
    const c = importCase();
    const inv = c.inventory();
    inv.InventoryHead.buyerIdType = '7' as never;
    const xml = buildCeb621([inv], BT, { validate: false });
    await submit('CEB621Message', xml);
    await expectStatuses('IMPORT_INVENTORY', inv.InventoryHead.copNo ?? '', ['-621000']);
    expect(last('IMPORT_INVENTORY', inv.InventoryHead.copNo ?? '')?.returnInfo).toContain('Inventory[0].InventoryHead.buyerIdType');
  });

  it('refuses an unsigned inventory: ds:Signature is mandatory in CEB621 (ceb-messages.md §4)', async () => {
    const c = importCase();
    const inv = c.inventory();
    expect(await port.submit({ messageType: 'CEB621Message', xml: buildCeb621([inv], BT) }, guid())).toMatchObject({ syncStatus: '5' });
    await expectStatuses('IMPORT_INVENTORY', inv.InventoryHead.copNo ?? '', ['-621000']);
    expect(last('IMPORT_INVENTORY', inv.InventoryHead.copNo ?? '')?.returnInfo).toContain('ds:Signature is mandatory in CEB621Message');
  });

  it('system-error answers −1 for an import order; the retry with the same key goes through', async () => {
    const c = importCase();
    await scenario(c.keys.orderNo, 'system-error');
    const xml = buildCeb311([c.order()], BT);
    const err = await rejection(port.submit({ messageType: 'CEB311Message', xml }, `sys:${c.keys.orderNo}`));
    expect(err).toMatchObject({ code: SingleWindowErrorCode.SystemError, retryable: true });
    await submit('CEB311Message', xml, `sys:${c.keys.orderNo}`);
    await expectStatuses('IMPORT_ORDER', keysOf(c).order, ['2']);
  });

  it('silent: the import documents of the order are processed (released, taxed) but nothing is sent', async () => {
    const c = importCase();
    await scenario(c.keys.orderNo, 'silent');
    await sendOrder(c);
    await sendPayment(c);
    await sendWaybill(c);
    const copNo = await sendInventory(c);
    const loud = importCase();
    const other = await declared(loud); // answered as usual meanwhile
    await taxBillOf(other.invtNo);
    const doc = async () => (await state()).documents[`IMPORT_INVENTORY:${copNo}`];
    await eventually(async () => ((await doc())?.issued?.length ? true : undefined), RECEIPT_WAIT_MS);
    const silentDoc = await doc();
    expect(silentDoc).toMatchObject({ status: '800', phase: 'released', issued: [expect.objectContaining({ messageType: 'CEB816Message' })] });
    expect((await state()).documents[`IMPORT_PAYMENT:${keysOf(c).payment}`]?.status).toBe('120');
    const mine = received().flatMap((m) => m.receipts).filter((r) => r.orderNo === c.keys.orderNo || r.copNo === copNo ||
      r.payTransactionId === c.keys.payTransactionId || r.logisticsNo === c.keys.logisticsNo);
    expect(mine).toEqual([]);
    expect(taxBills().map((b) => b.invtNo)).not.toContain(silentDoc?.invtNo);
  });

  it('every receipt and CEB816/818 sent in this file is valid against the XSD facets (validation-failure receipts aside)', () => {
    const messages = received();
    expect(messages.length).toBeGreaterThan(100);
    for (const m of messages) {
      if (m.receipts.length === 0) {
        expect(validateIssued(m.type, parseIssued(m.xml)), m.xml).toEqual([]);
        continue;
      }
      const entities = m.receipts.map(({ messageType: _t, messageGuid: _g, ...fields }) => fields);
      if (m.receipts.some((r) => /^-\d+000$/.test(r.returnStatus))) continue; // the request's own keys were invalid
      expect(validateReceipt(m.type, { guid: m.receipts[0]?.messageGuid, entities }), m.xml).toEqual([]);
    }
  });

  it('reset forgets import documents, quota and tax bills', async () => {
    expect(Object.keys((await state()).importQuota).length).toBeGreaterThan(0);
    await sim.control('/_control/reset', {});
    expect(await state()).toEqual({ documents: {}, importQuota: {}, taxBills: {}, summaries: {} });
  });
});
