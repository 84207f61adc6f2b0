// Real-world samples from docs/reference/ceb-samples (or $CEB_SAMPLES_DIR).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReceiptFromCebReceipts } from './build.js';
import { detectMessageType, parseMessage, parseReceipts, parseRequest } from './parse.js';
import { samplesDir } from './test-support.js';
import { validateReceipt, validateRequest } from './validate.js';
import type { CebRecord } from './parse.js';

const dir = samplesDir();
const files = readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
const read = (name: string) => readFileSync(join(dir, name));
const find = (prefix: string, suffix = '') => {
  const f = files.find((x) => x.startsWith(prefix) && x.endsWith(`${suffix}.xml`));
  if (!f) throw new Error(`no sample ${prefix}…${suffix}.xml in ${dir}`);
  return f;
};

describe('ceb-samples', () => {
  it('has the five samples', () => {
    expect(files).toHaveLength(5);
  });

  it.each(files)('%s: root detected from bytes and from text, parsed without error', (file) => {
    const type = detectMessageType(read(file));
    expect(file.startsWith(type)).toBe(true);
    expect(detectMessageType(read(file).toString('utf8'))).toBe(type);
    const m = parseMessage(read(file));
    expect(m.messageType).toBe(type);
    expect(Object.keys(m.elements).length).toBeGreaterThan(0);
  });

  it('CEB303 export order: orderNo, amounts as text, one line, BaseTransfer, valid', () => {
    const req = parseRequest(read(find('CEB303Message')));
    expect(req.messageType).toBe('CEB303Message');
    if (req.messageType !== 'CEB303Message') return;
    expect(req.guid).toBe('CEB303_ZH_GZ_20230309112945042_67622');
    expect(req.entities).toHaveLength(1);
    const order = req.entities[0]!;
    expect(order.OrderHead.orderNo).toBe('SGFGP0003129133YKKA7');
    expect(order.OrderHead.orderType).toBe('E');
    expect(order.OrderHead.goodsValue).toBe('13.89000');
    expect(order.OrderHead.currency).toBe('142');
    expect(order.OrderList).toHaveLength(1);
    expect(order.OrderList[0]).toMatchObject({ gnum: 1, unit: '011', itemName: '手机支架', totalPrice: '13.89000' });
    expect(req.baseTransfer).toMatchObject({ copCode: '44306650K2', dxpMode: 'DXP' });
    expect(req.hasSignature).toBe(false);
    expect(validateRequest('CEB303Message', req)).toEqual([]);
  });

  it('CEB311 import order: six orders of two lines each, signed, BaseTransfer note', () => {
    const m = parseMessage(read(find('CEB311Message')));
    const orders = m.elements.Order as CebRecord[];
    expect(orders).toHaveLength(6);
    for (const o of orders) {
      expect((o.OrderHead as CebRecord).orderNo).toBe('order20160321116421002');
      expect((o.OrderHead as CebRecord).acturalPaid).toBe('19050');
      expect((o.OrderList as CebRecord[]).map((l) => l.gnum)).toEqual(['1', '2']);
    }
    expect((orders[0]!.OrderList as CebRecord[])[0]!.unit).toBe('007');
    expect((orders[0]!.OrderList as CebRecord[])[0]!.note).toBe('');
    expect((orders[0]!.OrderHead as CebRecord).consigneeDistrict).toBe('072750');
    expect(m.elements.BaseTransfer).toEqual([{ copCode: '1101180326', copName: '物流企业', dxpMode: 'DXP', dxpId: 'EXP2016522002580001', note: 'test' }]);
    expect(m.hasSignature).toBe(true);
    expect(m.elements.Signature).toBeUndefined();
    expect(parseReceipts(read(find('CEB311Message')))).toEqual([]);
  });

  it('CEB311 import order, typed: parseRequest reads all six signed orders with every field known to the XSD', () => {
    const req = parseRequest(read(find('CEB311Message')));
    expect(req.messageType).toBe('CEB311Message');
    if (req.messageType !== 'CEB311Message') return;
    expect(req).toMatchObject({ guid: '4CDE1CFD-EDED-46B1-946C-B8022E42FC94', version: '1.0', hasSignature: true, unexpected: [] });
    expect(req.entities).toHaveLength(6);
    const head = req.entities[0]!.OrderHead;
    expect(head).toMatchObject({
      orderType: 'I', orderNo: 'order20160321116421002', goodsValue: '14000', freight: '5000', discount: '0', taxTotal: '50',
      acturalPaid: '19050', currency: '142', buyerIdType: '1', payCode: '1105910159', payTransactionId: '20160001634226001',
      consigneeDistrict: '072750',
    });
    expect(req.entities[0]!.OrderList.map((l) => [l.gnum, l.itemNo, l.gmodel, l.qty, l.price, l.totalPrice, l.country]))
      .toEqual([[1, 'AF001-001', '33mm', '100', '20', '2000', '116'], [2, 'AF001-002', '33mm', '200', '10', '12000', '116']]);
    expect(req.baseTransfer).toEqual({ copCode: '1101180326', copName: '物流企业', dxpMode: 'DXP', dxpId: 'EXP2016522002580001', note: 'test' });
    // Valid against the XSD facets; only our practice rule totalPrice = qty × price flags line 2 (200 × 10 ≠ 12000) of each order.
    const problems = validateRequest('CEB311Message', req);
    expect(problems.map((p) => [p.path, p.code])).toEqual(
      Array.from({ length: 6 }, (_, i) => [`Order[${i}].OrderList[1].totalPrice`, 'totalPrice']),
    );
  });

  it.each(['120-logic-check-passed', '2-declared'])('CEB622 %s: valid against the CEB622 receipt facets and rebuilt unchanged', (suffix) => {
    const receipts = parseReceipts(read(find('CEB622Message', suffix)));
    const entities = receipts.map(({ messageType: _t, messageGuid: _g, ...fields }) => fields);
    expect(validateReceipt('CEB622Message', { guid: receipts[0]?.messageGuid, entities })).toEqual([]);
    expect(parseReceipts(buildReceiptFromCebReceipts(receipts))).toStrictEqual(receipts);
  });

  it('CEB604 export inventory receipt: 10 InventoryReturn, status 2, echoed keys', () => {
    const receipts = parseReceipts(read(find('CEB604Message')));
    expect(receipts).toHaveLength(10);
    for (const r of receipts) {
      expect(r).toMatchObject({
        messageType: 'CEB604Message', messageGuid: '311af125-6fed-4603-8c5d-49b1fa4b4b9b',
        returnStatus: '2', returnTime: '20180507153001001', copNo: 'Cop20180507001',
        preNo: 'P20180507000000001', invtNo: 'Invt20180507000001', agentCode: '1105910159',
        statisticsFlag: '1', // placeholder value of the official sample (XSD: A/B)
      });
      expect(r.returnInfo).toBe('新增申报成功[4CDE1CFD-EDED-46B1-946C-B8022E42FC94]');
    }
  });

  it('CEB622 120 receipt (default namespace): 逻辑校验通过, preNo and invtNo', () => {
    const [r, ...rest] = parseReceipts(read(find('CEB622Message', '120-logic-check-passed')));
    expect(rest).toEqual([]);
    expect(r).toMatchObject({
      messageType: 'CEB622Message', returnStatus: '120', customsCode: '2924', preNo: 'B20200615494000227',
      invtNo: '29242020I439440284', copNo: '124183351885', agentCode: '330766K00Q', returnTime: '20200615171556605',
    });
    expect(r?.returnInfo).toContain('逻辑校验通过');
  });

  it('CEB622 2 receipt: declared, no invtNo yet', () => {
    const [r] = parseReceipts(read(find('CEB622Message', '2-declared')));
    expect(r?.returnStatus).toBe('2');
    expect(r?.invtNo).toBeUndefined();
    expect(r?.returnInfo).toBe('清单新增申报成功[电商企业编码：4401962010订单编号：124183351885]');
    expect(r?.messageGuid).toBe('48604738-C342-484F-8CA1-46BCF64098D0');
  });
});
