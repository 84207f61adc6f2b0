// validateRequest: what the Single Window simulator rejects (CEB900-style) and what passes.
import { describe, expect, it } from 'vitest';
import { buildCeb303, buildCeb603, buildRequest } from './build.js';
import {
  FULL, GUID_A, arrival507, baseSubscribe, baseTransfer, cancel623, inventory603, inventory621, order303, order311,
  payment411, refund625, status513, summary701,
} from './fixtures.js';
import { parseRequest } from './parse.js';
import type { BaseSubscribe, CebProblem, CebRequestType } from './types.js';
import { CebValidationError, validateRequest } from './validate.js';

type Obj = Record<string, unknown>;
/** Validates CEB303 with one change applied to a deep copy of the fixture order. */
function check303(change: (o: Obj) => void, subs: BaseSubscribe[] = []): CebProblem[] {
  const order = structuredClone(order303) as unknown as Obj;
  change(order);
  return validateRequest('CEB303Message', { guid: GUID_A, version: '1.0', entities: [order], baseTransfer, baseSubscribe: subs });
}
const head = (o: Obj) => o.OrderHead as Obj;
const line = (o: Obj, j: number) => (o.OrderList as Obj[])[j] as Obj;
const codes = (ps: CebProblem[]) => ps.map((p) => [p.path, p.code]);

describe('validateRequest', () => {
  it.each(Object.keys(FULL) as CebRequestType[])('accepts the full %s fixture', (type) => {
    expect(validateRequest(type, { guid: GUID_A, entities: [FULL[type]], baseTransfer, baseSubscribe, hasSignature: true })).toEqual([]);
  });

  it('missing and empty mandatory fields', () => {
    expect(codes(check303((o) => delete head(o).orderNo))).toEqual([['Order[0].OrderHead.orderNo', 'required']]);
    expect(codes(check303((o) => (head(o).ebpName = '')))).toEqual([['Order[0].OrderHead.ebpName', 'required']]);
    expect(codes(check303((o) => delete line(o, 1).unit))).toEqual([['Order[0].OrderList[1].unit', 'required']]);
    expect(codes(validateRequest('CEB303Message', { guid: GUID_A, entities: [order303] }))).toEqual([['BaseTransfer', 'required']]);
  });

  it('max, fixed and range lengths, counted in characters', () => {
    expect(codes(check303((o) => (head(o).orderNo = 'N'.repeat(61))))).toEqual([['Order[0].OrderHead.orderNo', 'length']]);
    expect(check303((o) => (head(o).ebpName = '平'.repeat(100)))).toEqual([]);
    expect(codes(check303((o) => (head(o).guid = GUID_A.slice(1))))).toEqual([['Order[0].OrderHead.guid', 'length']]);
    expect(codes(check303((o) => (head(o).appTime = '2024020109300')))).toEqual([['Order[0].OrderHead.appTime', 'length']]);
    expect(codes(check303((o) => (line(o, 0).unit = '11')))).toEqual([['Order[0].OrderList[0].unit', 'length']]);
    const inv = structuredClone(inventory603);
    inv.InventoryHead.customsCode = '79021';
    inv.InventoryHead.ieDate = '2024020';
    inv.InventoryHead.POD = 'US';
    const ps = validateRequest('CEB603Message', { guid: GUID_A, entities: [inv], baseTransfer });
    expect(codes(ps)).toEqual([
      ['Inventory[0].InventoryHead.customsCode', 'length'],
      ['Inventory[0].InventoryHead.ieDate', 'length'],
      ['Inventory[0].InventoryHead.POD', 'length'],
    ]);
    expect(ps[2]?.message).toBe('at least 3 characters, got 2');
  });

  it('root guid must be 36 characters', () => {
    const ps = validateRequest('CEB303Message', { guid: 'short', entities: [order303], baseTransfer });
    expect(codes(ps)).toEqual([['@guid', 'length']]);
  });

  it('impossible dates in time fields', () => {
    expect(codes(check303((o) => (head(o).appTime = '20241301093005')))).toEqual([['Order[0].OrderHead.appTime', 'format']]);
    const inv = structuredClone(inventory603);
    inv.InventoryHead.ieDate = '20240230';
    expect(codes(validateRequest('CEB603Message', { guid: GUID_A, entities: [inv], baseTransfer }))).toEqual([['Inventory[0].InventoryHead.ieDate', 'format']]);
  });

  it('enumerations', () => {
    expect(codes(check303((o) => (head(o).appType = '4')))).toEqual([['Order[0].OrderHead.appType', 'enum']]);
    expect(codes(check303((o) => (head(o).appStatus = '3')))).toEqual([['Order[0].OrderHead.appStatus', 'enum']]);
    expect(codes(check303((o) => (head(o).orderType = 'I')))).toEqual([['Order[0].OrderHead.orderType', 'enum']]);
    const inv = structuredClone(inventory603) as unknown as { InventoryHead: Obj };
    Object.assign(inv.InventoryHead, { ieFlag: 'e', statisticsFlag: 'C', fFlag: '0', iFlag: '4' });
    expect(codes(validateRequest('CEB603Message', { guid: GUID_A, entities: [inv], baseTransfer }))).toEqual([
      ['Inventory[0].InventoryHead.ieFlag', 'enum'],
      ['Inventory[0].InventoryHead.statisticsFlag', 'enum'],
      ['Inventory[0].InventoryHead.fFlag', 'enum'],
      ['Inventory[0].InventoryHead.iFlag', 'enum'],
    ]);
  });

  it('decimal facets N19,5 (value space: trailing fraction zeros do not count)', () => {
    expect(codes(check303((o) => (head(o).freight = '1.234567')))).toEqual([['Order[0].OrderHead.freight', 'decimal']]);
    expect(codes(check303((o) => (head(o).freight = '1e3')))).toEqual([['Order[0].OrderHead.freight', 'decimal']]);
    expect(codes(check303((o) => (head(o).freight = '1,5')))).toEqual([['Order[0].OrderHead.freight', 'decimal']]);
    expect(codes(check303((o) => (head(o).goodsValue = '123456789012345.12345')))).toEqual([['Order[0].OrderHead.goodsValue', 'decimal']]);
    expect(check303((o) => (head(o).goodsValue = '12345678901234.12345'))).toEqual([]);
    expect(check303((o) => (head(o).freight = '0005.5000000'))).toEqual([]);
  });

  it('gnum consecutive from 1 and xs:int', () => {
    expect(codes(check303((o) => (line(o, 1).gnum = 3)))).toEqual([['Order[0].OrderList[1].gnum', 'gnum']]);
    expect(codes(check303((o) => { line(o, 0).gnum = 2; line(o, 1).gnum = 1; }))).toEqual([
      ['Order[0].OrderList[0].gnum', 'gnum'], ['Order[0].OrderList[1].gnum', 'gnum'],
    ]);
    const xml = buildCeb303([order303], baseTransfer).replace('<ceb:gnum>2</ceb:gnum>', '<ceb:gnum>two</ceb:gnum>');
    expect(codes(validateRequest('CEB303Message', parseRequest(xml)))).toEqual([['Order[0].OrderList[1].gnum', 'int']]);
  });

  it('totalPrice = qty × price within 0.01 (practice rule)', () => {
    expect(codes(check303((o) => (line(o, 0).totalPrice = '27.80')))).toEqual([['Order[0].OrderList[0].totalPrice', 'totalPrice']]);
    expect(check303((o) => (line(o, 0).totalPrice = '27.79'))).toEqual([]);
    const inv = structuredClone(inventory603);
    inv.InventoryList[1]!.totalPrice = '9.98';
    expect(codes(validateRequest('CEB603Message', { guid: GUID_A, entities: [inv], baseTransfer }))).toEqual([['Inventory[0].InventoryList[1].totalPrice', 'totalPrice']]);
  });

  it('occurrence counts: entities 1..100, lists, BaseSubscribe ≤ 5', () => {
    expect(codes(validateRequest('CEB303Message', { guid: GUID_A, entities: [], baseTransfer }))).toEqual([['Order', 'count']]);
    expect(codes(validateRequest('CEB303Message', { guid: GUID_A, entities: Array(101).fill(order303), baseTransfer }))).toEqual([['Order', 'count']]);
    expect(codes(check303((o) => (o.OrderList = [])))).toEqual([['Order[0].OrderList', 'count']]);
    const empty = { ...arrival507, ArrivalList: [] };
    expect(validateRequest('CEB507Message', { guid: GUID_A, entities: [empty], baseTransfer })).toEqual([]);
    expect(codes(check303(() => undefined, Array(6).fill(baseSubscribe[0])))).toEqual([['BaseSubscribe', 'count']]);
  });

  it('elements outside the XSD and a wrong message type', () => {
    const xml = buildCeb303([order303], baseTransfer).replace('<ceb:currency>142</ceb:currency>', '<ceb:currency>142</ceb:currency><ceb:discount>0</ceb:discount>');
    expect(codes(validateRequest('CEB303Message', parseRequest(xml)))).toEqual([['Order[0].OrderHead.discount', 'unexpected']]);
    const parsed = parseRequest(buildCeb303([order303], baseTransfer));
    expect(codes(validateRequest('CEB603Message', parsed))[0]).toEqual(['', 'type']);
    expect(codes(validateRequest('CEB311Message', parsed))[0]).toEqual(['', 'type']); // and the missing import fields
    expect(codes(validateRequest('CEB999Message', parsed))).toEqual([['', 'type']]);
  });
});

/** Validates one import/summary fixture after `change` on a deep copy. */
function checkOne<T>(type: CebRequestType, fixture: T, change: (e: T) => void): [string, string][] {
  const e = structuredClone(fixture);
  change(e);
  return codes(validateRequest(type, { guid: GUID_A, entities: [e], baseTransfer, hasSignature: true })) as [string, string][];
}

describe('validateRequest: import (1210) and summary messages', () => {
  it('CEB311: orderType I only, currency 142, buyerIdType 1/2, facets named by path', () => {
    expect(checkOne('CEB311Message', order311, (o) => Object.assign(o.OrderHead, {
      orderType: 'E', currency: '502', buyerIdType: '3', consigneeDistrict: '51170', acturalPaid: '1.234567',
    }))).toEqual([
      ['Order[0].OrderHead.orderType', 'enum'], ['Order[0].OrderHead.acturalPaid', 'decimal'], ['Order[0].OrderHead.currency', 'enum'],
      ['Order[0].OrderHead.buyerIdType', 'enum'], ['Order[0].OrderHead.consigneeDistrict', 'length'],
    ]);
    expect(checkOne('CEB311Message', order311, (o) => { o.OrderList[0]!.gmodel = 'g'.repeat(511); o.OrderList[1]!.country = ''; })).toEqual([
      ['Order[0].OrderList[0].gmodel', 'length'], ['Order[0].OrderList[1].country', 'required'],
    ]);
    expect(checkOne('CEB311Message', order311, (o) => { o.OrderList = Array.from({ length: 100 }, (_, j) => ({ ...o.OrderList[1]!, gnum: j + 1 })); }))
      .toEqual([['Order[0].OrderList', 'count']]); // import lists ×99
  });

  it('CEB311 import appStatus is C..3 (values 1/2)', () => {
    expect(checkOne('CEB311Message', order311, (o) => { o.OrderHead.appStatus = '22' as never; })).toEqual([['Order[0].OrderHead.appStatus', 'enum']]);
  });

  it('CEB411: payer ID type, payTime date, currency', () => {
    expect(checkOne('CEB411Message', payment411, (p) => Object.assign(p.PaymentHead, { payerIdType: '0', payTime: '20250230093010', currency: '142' })))
      .toEqual([['Payment[0].PaymentHead.payerIdType', 'enum'], ['Payment[0].PaymentHead.payTime', 'format']]);
    expect(checkOne('CEB411Message', payment411, (p) => { delete (p.PaymentHead as Partial<typeof p.PaymentHead>).payTransactionId; }))
      .toEqual([['Payment[0].PaymentHead.payTransactionId', 'required']]);
  });

  it('CEB513: logisticsStatus S only; logisticsNo C..60', () => {
    expect(checkOne('CEB513Message', status513, (s) => Object.assign(s, { logisticsStatus: 'D', logisticsNo: 'N'.repeat(61) })))
      .toEqual([['LogisticsStatus[0].logisticsNo', 'length'], ['LogisticsStatus[0].logisticsStatus', 'enum']]);
  });

  it('CEB621: copNo C..20, invtNo C..18, declTime YYYYMMDD, missing assureCode, list itemNo C..20', () => {
    expect(checkOne('CEB621Message', inventory621, (i) => {
      Object.assign(i.InventoryHead, { copNo: 'C'.repeat(21), invtNo: '79122025I0000000042', declTime: '20250231' });
      delete (i.InventoryHead as Partial<typeof i.InventoryHead>).assureCode;
      i.InventoryList[0]!.itemNo = 'S'.repeat(21);
    })).toEqual([
      ['Inventory[0].InventoryHead.copNo', 'length'], ['Inventory[0].InventoryHead.assureCode', 'required'],
      ['Inventory[0].InventoryHead.invtNo', 'length'], ['Inventory[0].InventoryHead.declTime', 'format'],
      ['Inventory[0].InventoryList[0].itemNo', 'length'],
    ]);
  });

  it('CEB621 tradeMode 1210 needs emsNo, areaCode/areaName and itemRecordNo on every line (ceb-messages.md §7.2)', () => {
    expect(checkOne('CEB621Message', inventory621, (i) => {
      const h = i.InventoryHead as Partial<typeof i.InventoryHead>;
      delete h.emsNo;
      delete h.areaCode;
      h.areaName = '';
      delete i.InventoryList[1]!.itemRecordNo;
    })).toEqual([
      ['Inventory[0].InventoryHead.emsNo', 'required'], ['Inventory[0].InventoryHead.areaCode', 'required'],
      ['Inventory[0].InventoryHead.areaName', 'required'], ['Inventory[0].InventoryList[1].itemRecordNo', 'required'],
    ]);
    // direct-purchase import (9610) leaves them optional, as the XSD does
    expect(checkOne('CEB621Message', inventory621, (i) => {
      const h = i.InventoryHead as Partial<typeof i.InventoryHead>;
      Object.assign(h, { tradeMode: '9610' });
      delete h.emsNo;
      delete h.areaCode;
      delete h.areaName;
      delete i.InventoryList[0]!.itemRecordNo;
    })).toEqual([]);
  });

  it.each([['CEB621Message', inventory621], ['CEB623Message', cancel623], ['CEB625Message', refund625]] as const)(
    '%s without ds:Signature is schema-invalid (mandatory in the import XSD, ceb-messages.md §4)',
    (type, fixture) => {
      const message = { guid: GUID_A, entities: [fixture], baseTransfer };
      expect(codes(validateRequest(type, message))).toEqual([['ds:Signature', 'required']]);
      expect(codes(validateRequest(type, { ...message, hasSignature: true }))).toEqual([]);
      // a builder validates before the signature is appended (the caller signs next)
      expect(validateRequest(type, message, { signatureFollows: true })).toEqual([]);
    },
  );

  it('CEB311 (signature optional in the XSD) passes unsigned', () => {
    expect(validateRequest('CEB311Message', { guid: GUID_A, entities: [order311], baseTransfer })).toEqual([]);
  });

  it('CEB623 allows only appType 1', () => {
    expect(checkOne('CEB623Message', cancel623, (c) => { c.appType = '2' as never; })).toEqual([['InvtCancel[0].appType', 'enum']]);
  });

  it('CEB625: return lines reference original gnums (no consecutive rule) but still need ≥ 1 line', () => {
    expect(checkOne('CEB625Message', refund625, (r) => { r.InvtRefundList[0]!.gnum = 7; })).toEqual([]);
    expect(checkOne('CEB625Message', refund625, (r) => { r.InvtRefundList = []; })).toEqual([['InvtRefund[0].InvtRefundList', 'count']]);
  });

  it('CEB701: summaryFlag 1/2, empty itemNameFlag allowed, window times, int msgCount, optional list', () => {
    expect(checkOne('CEB701Message', summary701, (a) => { a.SummaryApplyHead.itemNameFlag = ''; a.SummaryApplyList = []; })).toEqual([]);
    expect(checkOne('CEB701Message', summary701, (a) => Object.assign(a.SummaryApplyHead, {
      summaryFlag: '3', itemNameFlag: '2', startTime: '20250230000000', msgCount: 'one',
    }))).toEqual([
      ['SummaryApply[0].SummaryApplyHead.startTime', 'format'], ['SummaryApply[0].SummaryApplyHead.summaryFlag', 'enum'],
      ['SummaryApply[0].SummaryApplyHead.itemNameFlag', 'enum'], ['SummaryApply[0].SummaryApplyHead.msgCount', 'int'],
    ]);
    expect(checkOne('CEB701Message', summary701, (a) => { a.SummaryApplyList[0]!.invtNo = 'I'.repeat(21); }))
      .toEqual([['SummaryApply[0].SummaryApplyList[0].invtNo', 'length']]);
  });

  it('a builder refuses an invalid import message with the field path', () => {
    const bad = structuredClone(order311);
    bad.OrderList[0]!.totalPrice = '361';
    expect(() => buildRequest('CEB311Message', [bad], baseTransfer)).toThrow(/Order\[0\]\.OrderList\[0\]\.totalPrice/);
  });
});

describe('builders validate before writing', () => {
  it('throw CebValidationError listing the problems', () => {
    const bad = structuredClone(inventory603);
    bad.InventoryHead.copNo = 'C'.repeat(31);
    let error: unknown;
    try {
      buildCeb603([bad], baseTransfer);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CebValidationError);
    expect((error as CebValidationError).code).toBe('CEB.INVALID');
    expect(codes((error as CebValidationError).problems)).toEqual([['Inventory[0].InventoryHead.copNo', 'length']]);
  });

  it('write invalid data only with validate:false (e.g. simulator negative tests)', () => {
    const bad = structuredClone(order303);
    bad.OrderList[1]!.gnum = 5;
    const xml = buildRequest('CEB303Message', [bad], baseTransfer, { validate: false });
    expect(codes(validateRequest('CEB303Message', parseRequest(xml)))).toEqual([['Order[0].OrderList[1].gnum', 'gnum']]);
  });
});
