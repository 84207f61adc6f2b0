// Receipts built by the simulator (export 304…606, summary 702, import 312…626, 900) parse back to the same CebReceipt.
import { describe, expect, it } from 'vitest';
import {
  buildCeb304, buildCeb312, buildCeb404, buildCeb412, buildCeb506, buildCeb508, buildCeb510, buildCeb512, buildCeb514,
  buildCeb604, buildCeb606, buildCeb622, buildCeb624, buildCeb626, buildCeb702, buildCeb900, buildReceipt,
  buildReceiptFromCebReceipts,
} from './build.js';
import { GUID_A, GUID_B, GUID_C } from './fixtures.js';
import { parseReceipts } from './parse.js';
import { RECEIPT_SPECS } from './schema.js';
import type { CebReceipt, CebReceiptEntityMap, CebReceiptType } from './types.js';
import { CebValidationError } from './validate.js';

const T = '20240202080001123';
const returns: { [K in CebReceiptType]: CebReceiptEntityMap[K] } = {
  CEB304Message: { guid: GUID_A, ebpCode: '5101960PLT', ebcCode: '5101960EBC', orderNo: 'SO-2024-0001', returnStatus: '2', returnTime: T, returnInfo: `新增申报成功[${GUID_A}]` },
  CEB404Message: { guid: GUID_B, ebcCode: '5101960EBC', orderNo: 'SO-2024-0001', payNo: 'PAY20240201000001', returnStatus: '120', returnTime: T, returnInfo: '[Code:1800;Desc:逻辑校验通过]' },
  CEB506Message: { guid: GUID_C, logisticsCode: '5101960LGS', logisticsNo: 'CD123456789CN', returnStatus: '100', returnTime: T, returnInfo: '[Code:1300;Desc:运单信息有误]' },
  CEB508Message: { guid: GUID_C, operatorCode: '5101960OPR', logisticsCode: '5101960LGS', preNo: 'B20240202000000018', copNo: 'ARR-2024-0001', billNo: '999-12345675', msgSeqNo: 1, returnStatus: '399', returnTime: T, returnInfo: '海关审结' },
  CEB510Message: { guid: GUID_A, logisticsCode: '5101960LGS', copNo: 'DEP-2024-0001', preNo: 'B20240203000000019', msgSeqNo: 2, returnStatus: '399', returnTime: T, returnInfo: '离境审结' },
  CEB604Message: { guid: GUID_A, agentCode: '5101960AGT', copNo: 'COP-2024-0001', preNo: 'B20240202000000017', invtNo: '79022024E000000123', ebcCode: '5101960EBC', ebpCode: '5101960PLT', orderNo: 'SO-2024-0001', statisticsFlag: 'A', returnStatus: '800', returnTime: T, returnInfo: '[Code:2600;Desc:放行]' },
  CEB606Message: { guid: GUID_B, agentCode: '5101960AGT', copNo: 'COP-2024-0001', preNo: 'B20240202000000017', invtNo: '79022024E000000123', returnStatus: '399', returnTime: T, returnInfo: '撤单申请审核通过,清单已成功撤单' },
  CEB900Message: { guid: GUID_C, returnStatus: '-301010', returnInfo: '已存在相同编号的订单', returnTime: T, oriCopMsgId: 'MSG-0001', oriMessageType: 'CEB303Message', oriBizMessage: '<ceb:CEB303Message>…</ceb:CEB303Message>' },
  CEB702Message: { guid: GUID_A, agentCode: '5101960AGT', ebcCode: '5101960EBC', copNo: 'S-2025-03', preNo: 'B20250402000000031', sumNo: 'S20250402000000001', msgSeqNo: 1, returnStatus: '120', returnTime: T, returnInfo: '[Code:1800;Desc:逻辑校验通过]' },
  CEB312Message: { guid: GUID_B, ebpCode: '5101960PLT', ebcCode: '5101960EBC', orderNo: 'IO-2025-0001', returnStatus: '2', returnTime: T, returnInfo: `新增申报成功[${GUID_B}]` },
  CEB412Message: { guid: GUID_C, payCode: '3101960PAY', payTransactionId: 'TX2025030100001', returnStatus: '120', returnTime: T, returnInfo: '[Code:1800;Desc:逻辑校验通过]' },
  CEB512Message: { guid: GUID_A, logisticsCode: '5101960LGS', logisticsNo: 'DZ1234567890CN', returnStatus: '120', returnTime: T, returnInfo: '[Code:1800;Desc:逻辑校验通过]' },
  CEB514Message: { guid: GUID_B, logisticsCode: '5101960LGS', logisticsNo: 'DZ1234567890CN', logisticsStatus: 'S', returnStatus: '2', returnTime: T, returnInfo: `新增申报成功[${GUID_B}]` },
  CEB622Message: { guid: GUID_C, customsCode: '7912', ebpCode: '5101960PLT', ebcCode: '5101960EBC', agentCode: '5101960AGT', copNo: 'MI-2025-0001', preNo: 'B20250301000000021', invtNo: '79122025I000000042', returnStatus: '800', returnTime: T, returnInfo: '[Code:2600;Desc:放行]' },
  CEB624Message: { guid: GUID_A, customsCode: '7912', agentCode: '5101960AGT', ebpCode: '5101960PLT', ebcCode: '5101960EBC', copNo: 'MC-2025-0001', preNo: 'C20250301000000022', invtNo: '79122025I000000042', returnStatus: '399', returnTime: T, returnInfo: '[Code:2300;Desc:审核通过],撤单申请审核通过,清单已成功撤单' },
  CEB626Message: { guid: GUID_B, customsCode: '7912', agentCode: '5101960AGT', ebpCode: '5101960PLT', ebcCode: '5101960EBC', copNo: 'MR-2025-0001', preNo: 'T20250310002329381', invtNo: '79122025I000000042', returnStatus: '300', returnTime: T, returnInfo: '[Code:1200;Desc:待人工审核]' },
};

const builders = {
  CEB304Message: buildCeb304, CEB404Message: buildCeb404, CEB506Message: buildCeb506, CEB508Message: buildCeb508,
  CEB510Message: buildCeb510, CEB604Message: buildCeb604, CEB606Message: buildCeb606, CEB900Message: buildCeb900,
  CEB702Message: buildCeb702, CEB312Message: buildCeb312, CEB412Message: buildCeb412, CEB512Message: buildCeb512,
  CEB514Message: buildCeb514, CEB622Message: buildCeb622, CEB624Message: buildCeb624, CEB626Message: buildCeb626,
} as const;

/** What the platform should see: every field as text, plus messageType and the root guid. */
function expected(type: CebReceiptType, r: object, messageGuid: string): CebReceipt {
  const fields = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]));
  return { messageType: type, ...fields, messageGuid } as CebReceipt;
}

describe.each(Object.keys(returns) as CebReceiptType[])('%s', (type) => {
  const entity = returns[type];
  const build = builders[type] as (r: readonly object[], o?: { guid?: string }) => string;
  const rootGuid = 'E1A5B7C9-0000-4000-8000-00000000A001';

  it('builds → parseReceipts gives the same CebReceipt', () => {
    const xml = build([entity], { guid: rootGuid });
    expect(parseReceipts(xml)).toStrictEqual([expected(type, entity, rootGuid)]);
  });

  it('contains only the Return entities in XSD order (no BaseTransfer)', () => {
    const xml = buildReceipt(type, [entity] as never[]);
    expect(xml).not.toContain('BaseTransfer');
    const tag = RECEIPT_SPECS[type].entity.tag;
    const children = [...xml.matchAll(/^ {2}<ceb:(\w+)>/gm)].map((m) => m[1]);
    expect(children).toEqual([tag]);
    const names = [...xml.matchAll(/^ {4}<ceb:(\w+)>/gm)].map((m) => m[1]);
    expect(names).toEqual(RECEIPT_SPECS[type].entity.fields.map((f) => f.name).filter((n) => n in entity));
  });

  it('re-builds from the normalised receipts (simulator replay) to the same receipts', () => {
    const first = parseReceipts(build([entity], { guid: rootGuid }));
    expect(parseReceipts(buildReceiptFromCebReceipts(first))).toStrictEqual(first);
  });
});

describe('receipt builder details', () => {
  it('puts several Return entities in one message', () => {
    const second = { ...returns.CEB604Message, guid: GUID_B, copNo: 'COP-2024-0002', returnStatus: '899' };
    const got = parseReceipts(buildCeb604([returns.CEB604Message, second]));
    expect(got.map((r) => [r.copNo, r.returnStatus])).toEqual([['COP-2024-0001', '800'], ['COP-2024-0002', '899']]);
  });

  it('omits the optional payNo of CEB404 when absent', () => {
    const { payNo: _omit, ...noPay } = returns.CEB404Message;
    const xml = buildCeb404([noPay]);
    expect(xml).not.toContain('payNo');
    expect(parseReceipts(xml)[0]?.payNo).toBeUndefined();
  });

  it('rejects an over-long returnInfo and a 16-char returnTime unless validate:false', () => {
    const bad = { ...returns.CEB506Message, returnInfo: 'x'.repeat(1001), returnTime: '2024020208000112' };
    expect(() => buildCeb506([bad])).toThrow(CebValidationError);
    try {
      buildCeb506([bad]);
    } catch (e) {
      expect((e as CebValidationError).problems.map((p) => [p.path, p.code])).toEqual([
        ['LogisticsReturn[0].returnTime', 'length'],
        ['LogisticsReturn[0].returnInfo', 'length'],
      ]);
    }
    expect(parseReceipts(buildCeb506([bad], { validate: false }))[0]?.returnInfo).toHaveLength(1001);
  });

  it('allows only one MessageReturn in CEB900', () => {
    expect(() => buildCeb900([returns.CEB900Message, returns.CEB900Message])).toThrow(/expected 1\.\.1/);
  });
});

describe('import receipts', () => {
  it('CEB622 without invtNo (the 2 before the logic check) builds and parses without it', () => {
    const { invtNo: _omit, ...declared } = returns.CEB622Message;
    const [r] = parseReceipts(buildCeb622([{ ...declared, returnStatus: '2' }]));
    expect(r?.invtNo).toBeUndefined();
    expect(r?.copNo).toBe('MI-2025-0001');
  });

  it('checks the import facets: copNo C..20 in CEB622, invtNo C18 fixed', () => {
    const bad = { ...returns.CEB622Message, copNo: 'C'.repeat(21), invtNo: '79122025I00000004' };
    try {
      buildCeb622([bad]);
      expect.unreachable();
    } catch (e) {
      expect((e as CebValidationError).problems.map((p) => [p.path, p.code])).toEqual([
        ['InventoryReturn[0].copNo', 'length'], ['InventoryReturn[0].invtNo', 'length'],
      ]);
    }
  });
});
