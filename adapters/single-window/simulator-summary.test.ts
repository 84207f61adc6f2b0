// The Single Window simulator's 9610 summary declaration over real HTTP: CEB701 → CEB702 2/120
// (sumNo) → CEB792 results for the released statisticsFlag-B export inventories of the enterprise.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocExtra, DocType } from '../../domain/customs.js';
import { HOUR } from '../../domain/time.js';
import { eventually, useSimulator } from '../kit/testing.js';
import {
  buildCeb701, detectMessageType, formatAppTime, parseIssued, parseReceipts, parseSummaryResults, validateIssued, validateReceipt, type BaseTransfer, type CebReceipt,
  type Ceb701SummaryApplyHead, type SummaryResult,
} from './ceb/index.js';
import { createSingleWindowClient } from './client.js';
import { documentRequest, exampleShipment, RECEIPT_WAIT_MS } from './contract.js';
import { buildCustomsMessage } from './mapping.js';
import type { SingleWindowPort } from './port.js';
import { routeReceipt } from './routing.js';
import { createSingleWindowSimulator } from './simulator.js';

const sim = useSimulator(
  (callback) => createSingleWindowSimulator({ timeScale: 86_400_000, callback }),
  {
    secret: 'single-window-callback-secret', path: '/v1/callbacks/single-window', contentType: 'application/x-www-form-urlencoded',
    ack: { status: 200, text: 'SUCCESS' },
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

const BOOKING = { bookingNo: 'BK20250301001', conveyanceRef: 'X8001' };
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');
type Input = ReturnType<typeof exampleShipment>;

/** A 9610 export of enterprise `ebc` with the given statisticsFlag and destination country. */
function shipment(ebc: string, statisticsFlag: 'A' | 'B', country = '304'): Input {
  const input = exampleShipment({ destination: { country, port: 'DUI' } });
  input.enterprise.customsCode = ebc;
  input.settings.statisticsFlag = statisticsFlag;
  return input;
}
async function send(input: Input, docType: DocType, extra: DocExtra = {}) {
  const req = documentRequest(input, docType, extra);
  const msg = buildCustomsMessage(req);
  await port.submit(msg, req.idempotencyKey);
  return msg.businessKey;
}
const received = () => sim.received.map((r) => r.body);
const receiptsOf = (docType: DocType, key: string): CebReceipt[] =>
  received().flatMap((m) => m.receipts).filter((r) => { const to = routeReceipt(r); return to?.docType === docType && to.businessKey === key; });
const statuses = (docType: DocType, key: string) => receiptsOf(docType, key).map((r) => r.returnStatus);
async function expectStatuses(docType: DocType, key: string, expected: string[]) {
  await eventually(() => (statuses(docType, key).length >= expected.length ? true : undefined), RECEIPT_WAIT_MS);
  expect(statuses(docType, key)).toEqual(expected);
}

/** Order + waybill + inventory (+ arrival → 800 unless `release` is false); returns the invtNo. */
async function exported(input: Input, release = true) {
  await send(input, 'ORDER');
  await send(input, 'WAYBILL');
  const inventory = await send(input, 'INVENTORY');
  await expectStatuses('INVENTORY', inventory, ['2', '120']);
  if (release) {
    await send(input, 'ARRIVAL', BOOKING);
    await expectStatuses('INVENTORY', inventory, ['2', '120', '800']);
  }
  return receiptsOf('INVENTORY', inventory).find((r) => r.invtNo)?.invtNo ?? '';
}

const BT: BaseTransfer = { copCode: '5101960AGT', copName: '成都测试报关行', dxpMode: 'DXP', dxpId: 'DXPENT0000012399' };
/** Submits a CEB701 for enterprise `ebc`; returns its copNo. */
async function apply(ebc: string, over: Partial<Ceb701SummaryApplyHead>, invtNos: string[] = []) {
  const copNo = `S${digits(12)}`;
  const xml = buildCeb701([{
    SummaryApplyHead: {
      guid: '0F8FAD5B-D9CB-469F-A165-70867728950E', appType: '1', appTime: formatAppTime(new Date()), appStatus: '2', customsCode: '7901',
      copNo, agentCode: '5101960AGT', agentName: '成都测试报关行', ebcCode: ebc, ebcName: '成都蜀锦跨境电子商务有限公司',
      declAgentCode: '5101960DCL', declAgentName: '成都测试报关单位', summaryFlag: '1', itemNameFlag: '1', msgCount: 1, msgSeqNo: 1, ...over,
    },
    SummaryApplyList: invtNos.map((invtNo) => ({ invtNo })),
  }], BT);
  await port.submit({ messageType: 'CEB701Message', xml }, `summary:${copNo}`);
  return copNo;
}
const span = () => ({ startTime: formatAppTime(new Date(Date.now() - HOUR)), endTime: formatAppTime(new Date(Date.now() + HOUR)) });
const resultsOf = (sumNo: string): SummaryResult[] =>
  received().filter((m) => m.type === 'CEB792Message').flatMap((m) => parseSummaryResults(m.xml)).filter((r) => r.sumNo === sumNo);
const newEbc = () => `51019${digits(5)}`;

describe('single-window simulator: summary declaration (CEB701 → CEB702 → CEB792)', () => {
  it('window: takes the released B inventories of the enterprise, one CEB792 per merge key (country of arrival)', async () => {
    const ebc = newEbc();
    const de1 = await exported(shipment(ebc, 'B', '304'));
    const de2 = await exported(shipment(ebc, 'B', '304'));
    const fr = await exported(shipment(ebc, 'B', '305'));
    const simplified = await exported(shipment(ebc, 'A', '304')); // 清单核放、汇总统计: not compiled
    const unreleased = await exported(shipment(ebc, 'B', '304'), false);
    const otherEnterprise = await exported(shipment(newEbc(), 'B', '304'));

    const copNo = await apply(ebc, span());
    await expectStatuses('SUMMARY', copNo, ['2', '120']);
    const [accepted, passed] = receiptsOf('SUMMARY', copNo);
    expect(accepted).toMatchObject({ messageType: 'CEB702Message', ebcCode: ebc, agentCode: '5101960AGT', msgSeqNo: '1' });
    expect(accepted?.preNo).toMatch(/^B\d{17}$/);
    expect(accepted?.sumNo).toBeUndefined();
    const sumNo = passed?.sumNo ?? '';
    expect(sumNo).toMatch(/^S\d{17}$/);
    expect(passed?.returnInfo).toBe('[Code:1800;Desc:逻辑校验通过]');

    const results = await eventually(() => (resultsOf(sumNo).length >= 2 ? resultsOf(sumNo) : undefined), RECEIPT_WAIT_MS);
    expect(results).toHaveLength(2);
    const byInvt = Object.fromEntries(results.map((r) => [[...new Set(r.lines.map((l) => l.invtNo))].sort().join(','), r]));
    const germany = byInvt[[de1, de2].sort().join(',')];
    expect(germany).toMatchObject({
      sumNo, customsCode: '7901', ebcCode: ebc, agentCode: '5101960AGT', declAgentCode: '5101960DCL', decState: 'A',
      grossWeight: '4.7', netWeight: '4.2', msgCount: 2,
    });
    expect(germany?.entryId).toMatch(/^7901\d{4}0\d{9}$/);
    expect(germany?.declSeqNo).toMatch(/^S\d{4}7901\d{9}$/);
    expect(germany?.lines.map((l) => [l.gseqno, l.gnum, l.gcode])).toEqual([[1, 1, '6214100010'], [2, 2, '0902109000'], [3, 1, '6214100010'], [4, 2, '0902109000']]);
    expect(germany?.lines.every((l) => l.logisticsNo.startsWith('CR'))).toBe(true);
    expect(byInvt[fr]).toMatchObject({ grossWeight: '2.35', netWeight: '2.1', msgCount: 2 });
    expect(results.map((r) => r.msgSeqNo).sort()).toEqual([1, 2]);
    expect(new Set(results.map((r) => r.entryId)).size).toBe(2);
    const included = results.flatMap((r) => r.lines.map((l) => l.invtNo));
    for (const excluded of [simplified, unreleased, otherEnterprise]) expect(included).not.toContain(excluded);

    const state = (await (await fetch(`${sim.baseUrl}/_state`)).json()) as {
      documents: Record<string, { status: string; sumNo?: string; issued?: unknown[] }>; summaries: Record<string, { invtNos: string[] }[]>;
    };
    expect(state.documents[`SUMMARY:${copNo}`]).toMatchObject({ status: '120', sumNo, issued: [expect.anything(), expect.anything()] });
    expect(state.summaries[sumNo]?.flatMap((s) => s.invtNos).sort()).toEqual([de1, de2, fr].sort());
  });

  it('list: refuses inventories not found / not released / not B with one clear 100; takes valid ones once', async () => {
    const ebc = newEbc();
    const good = await exported(shipment(ebc, 'B'));
    const held = await exported(shipment(ebc, 'B'), false);
    const simplified = await exported(shipment(ebc, 'A'));

    const bad = await apply(ebc, {}, [held, simplified, '79012025E999999999']);
    await expectStatuses('SUMMARY', bad, ['2', '100']);
    expect(receiptsOf('SUMMARY', bad)[1]?.returnInfo).toBe(
      `清单${held}未放行或结关，不能汇总；清单${simplified}不是汇总申报清单（statisticsFlag应为B）；清单79012025E999999999不存在或不属于电商企业${ebc}`,
    );

    const ok = await apply(ebc, {}, [good]);
    await expectStatuses('SUMMARY', ok, ['2', '120']);
    const sumNo = receiptsOf('SUMMARY', ok)[1]?.sumNo ?? '';
    const [result] = await eventually(() => (resultsOf(sumNo).length > 0 ? resultsOf(sumNo) : undefined), RECEIPT_WAIT_MS);
    expect(result?.lines.map((l) => l.invtNo)).toEqual([good, good]);
    expect(result).toMatchObject({ msgCount: 1, msgSeqNo: 1 });

    const again = await apply(ebc, {}, [good]);
    await expectStatuses('SUMMARY', again, ['2', '100']);
    expect(receiptsOf('SUMMARY', again)[1]?.returnInfo).toBe(`清单${good}已汇总（${sumNo}）`);
  });

  it('window errors: only one end given, or nothing to summarise', async () => {
    const ebc = newEbc();
    const half = await apply(ebc, { startTime: span().startTime });
    await expectStatuses('SUMMARY', half, ['2', '100']);
    expect(receiptsOf('SUMMARY', half)[1]?.returnInfo).toBe('汇总开始时间和结束时间须同时填写');
    const empty = await apply(ebc, span());
    await expectStatuses('SUMMARY', empty, ['2', '100']);
    expect(receiptsOf('SUMMARY', empty)[1]?.returnInfo).toBe(`汇总时间段内没有可汇总的清单（电商企业${ebc}，汇总申报B类，已放行或结关，未汇总）`);
  });

  it('summaryFlag 2 (consignor + producer) is accepted; an invalid application gets −701000 naming the field', async () => {
    const ebc = newEbc();
    await exported(shipment(ebc, 'B'));
    const copNo = await apply(ebc, { ...span(), summaryFlag: '2' });
    await expectStatuses('SUMMARY', copNo, ['2', '120']);
    const bad = `S${digits(12)}`;
    const xml = buildCeb701([{
      SummaryApplyHead: {
        guid: '0F8FAD5B-D9CB-469F-A165-70867728950E', appType: '1', appTime: formatAppTime(new Date()), appStatus: '2', customsCode: '7901',
        copNo: bad, agentCode: '5101960AGT', agentName: '报关行', ebcCode: ebc, ebcName: '电商', declAgentCode: 'D', declAgentName: 'D',
        summaryFlag: '3' as never, itemNameFlag: '', msgCount: 1, msgSeqNo: 1,
      },
      SummaryApplyList: [],
    }], BT, { validate: false });
    await port.submit({ messageType: 'CEB701Message', xml }, `summary:${bad}`);
    await expectStatuses('SUMMARY', bad, ['-701000']);
    expect(receiptsOf('SUMMARY', bad)[0]?.returnInfo).toContain('SummaryApply[0].SummaryApplyHead.summaryFlag');
  });

  it('every CEB702 and CEB792 sent in this file is valid against the XSD facets (validation-failure receipts aside)', () => {
    const messages = received().filter((m) => m.type === 'CEB702Message' || m.type === 'CEB792Message');
    expect(messages.length).toBeGreaterThan(10);
    for (const m of messages) {
      if (m.type === 'CEB792Message') {
        expect(validateIssued(m.type, parseIssued(m.xml)), m.xml).toEqual([]);
      } else if (m.receipts[0]?.returnStatus !== '-701000') {
        const entities = m.receipts.map(({ messageType: _t, messageGuid: _g, ...fields }) => fields);
        expect(validateReceipt(m.type, { guid: m.receipts[0]?.messageGuid, entities }), m.xml).toEqual([]);
      }
    }
  });
});
