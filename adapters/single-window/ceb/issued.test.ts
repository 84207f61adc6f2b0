// Customs-issued messages CEB816 (tax bill), CEB818 (tax-bill status), CEB792 (summary result):
// build → parse, the flat readers, tolerance of unknown elements, validation.
import { describe, expect, it } from 'vitest';
import { buildCeb792, buildCeb816, buildCeb818, buildIssued } from './build.js';
import { FULL_ISSUED, summaryResult792, tax816, taxStatus818 } from './fixtures.js';
import { detectMessageType, parseReceipts } from './parse.js';
import { parseIssued, parseSummaryResults, parseTaxBillStatuses, parseTaxBills } from './parse-issued.js';
import { ISSUED_SPECS } from './schema.js';
import type { CebIssuedType } from './types.js';
import { CebValidationError, validateIssued } from './validate.js';
import { CebParseError } from './xml.js';

const NS = 'http://www.chinaport.gov.cn/ceb';
const ROOT_GUID = 'E1A5B7C9-0000-4000-8000-00000000B002';
const TYPES = Object.keys(FULL_ISSUED) as CebIssuedType[];
const codes = (e: unknown) => (e as CebValidationError).problems.map((p) => [p.path, p.code]);

describe.each(TYPES)('%s', (type) => {
  const xml = buildIssued(type, [FULL_ISSUED[type]] as never[], { guid: ROOT_GUID });

  it('build → parseIssued gives back every field, no BaseTransfer, valid', () => {
    const parsed = parseIssued(xml);
    expect(parsed).toStrictEqual({ messageType: type, guid: ROOT_GUID, version: '1.0', entities: [FULL_ISSUED[type]], unexpected: [] });
    expect(xml).not.toContain('BaseTransfer');
    expect(validateIssued(type, parsed)).toEqual([]);
    expect(detectMessageType(xml)).toBe(type);
    expect(parseReceipts(xml)).toEqual([]); // not a …Return receipt
  });

  it('writes the head elements in XSD order', () => {
    const spec = ISSUED_SPECS[type].entity;
    if (spec.kind === 'leaf') throw new Error('issued messages have a head');
    const block = new RegExp(`<ceb:${spec.head.tag}>([\\s\\S]*?)</ceb:${spec.head.tag}>`).exec(xml)?.[1] ?? '';
    const names = [...block.matchAll(/<ceb:(\w+)>/g)].map((m) => m[1]);
    expect(names).toEqual(spec.head.fields.map((f) => f.name));
  });
});

describe('parseTaxBills (CEB816)', () => {
  it('flattens each Tax: head amounts as decimal text, lines with int gnum', () => {
    const [bill, ...rest] = parseTaxBills(buildCeb816([tax816], { guid: ROOT_GUID }));
    expect(rest).toEqual([]);
    expect(bill).toStrictEqual({
      messageGuid: ROOT_GUID, guid: tax816.TaxHeadRd.guid, returnTime: '20250302101500123', invtNo: '79122025I000000042',
      taxNo: '79122025I000000042_0', customsTax: '0', valueAddedTax: '37.31', consumptionTax: '0', status: '1',
      entDutyNo: 'DUTY-0001', assureCode: '5101960AGT', ebcCode: '5101960EBC', logisticsCode: '5101960LGS',
      agentCode: '5101960AGT', customsCode: '7912', note: '税单备注',
      lines: [
        { gnum: 1, gcode: '1901101000', taxPrice: '360', customsTax: '0', valueAddedTax: '32.76', consumptionTax: '0' },
        { gnum: 2, gcode: '3304990099', taxPrice: '50', customsTax: '0', valueAddedTax: '4.55', consumptionTax: '0' },
      ],
      extra: {},
    });
  });

  it('reads a public-fixture-shaped bill: default namespace, orderNo/logisticsNo outside the XSD kept in extra', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><CEB816Message xmlns="${NS}" guid="c988cb9e-ea4b-463a-87c4-36e3d24aa7d9" version="1.0"><Tax><TaxHeadRd>` +
      '<guid>f5885dd5-b765-41de-8f0f-e5a30592885c</guid><returnTime>20200622103015123</returnTime><invtNo>29242020I439440284</invtNo>' +
      '<taxNo>29242020I439440284_0</taxNo><customsTax>0.0</customsTax><valueAddedTax>37.31</valueAddedTax>' +
      '<consumptionTax>0.0</consumptionTax><status>1</status><entDutyNo></entDutyNo><note></note>' +
      '<assureCode>330766K00Q</assureCode><ebcCode>4401962010</ebcCode><logisticsCode>3301961111</logisticsCode>' +
      '<agentCode>330766K00Q</agentCode><customsCode>2924</customsCode><orderNo>124183351885</orderNo>' +
      '<logisticsNo>YT0000000001</logisticsNo></TaxHeadRd><TaxListRd><gnum>1</gnum><gcode>3304990099</gcode>' +
      '<taxPrice>410.0</taxPrice><customsTax>0.0</customsTax><valueAddedTax>37.31</valueAddedTax>' +
      '<consumptionTax>0.0</consumptionTax></TaxListRd></Tax></CEB816Message>';
    const [bill] = parseTaxBills(xml);
    expect(bill).toMatchObject({ invtNo: '29242020I439440284', taxNo: '29242020I439440284_0', valueAddedTax: '37.31', status: '1', entDutyNo: '' });
    expect(bill?.extra).toEqual({ orderNo: '124183351885', logisticsNo: 'YT0000000001' });
    expect(bill?.lines).toEqual([{ gnum: 1, gcode: '3304990099', taxPrice: '410.0', customsTax: '0.0', valueAddedTax: '37.31', consumptionTax: '0.0' }]);
    const parsed = parseIssued(xml);
    expect(parsed.unexpected).toEqual(['Tax[0].TaxHeadRd.orderNo', 'Tax[0].TaxHeadRd.logisticsNo']);
    expect(validateIssued('CEB816Message', parsed).map((p) => [p.path, p.code])).toEqual([
      ['Tax[0].TaxHeadRd.orderNo', 'unexpected'], ['Tax[0].TaxHeadRd.logisticsNo', 'unexpected'],
    ]);
  });

  it('reads several bills in one message (Tax ×∞)', () => {
    const second = structuredClone(tax816);
    second.TaxHeadRd.invtNo = '79122025I000000043';
    second.TaxHeadRd.taxNo = '79122025I000000043_0';
    expect(parseTaxBills(buildCeb816([tax816, second])).map((b) => b.invtNo)).toEqual(['79122025I000000042', '79122025I000000043']);
  });

  it('throws CebParseError for another message or a bill without taxNo', () => {
    expect(() => parseTaxBills(buildCeb818([taxStatus818]))).toThrow(/not a CEB816Message: CEB818Message/);
    const noTaxNo = buildCeb816([tax816]).replace(/<ceb:taxNo>[^<]*<\/ceb:taxNo>/, '');
    expect(() => parseTaxBills(noTaxNo)).toThrow(CebParseError);
    expect(() => parseTaxBills(noTaxNo)).toThrow(/TaxHeadRd has no taxNo/);
  });
});

describe('parseTaxBillStatuses (CEB818)', () => {
  it('flattens each Tax/TaxHeadStatus', () => {
    expect(parseTaxBillStatuses(buildCeb818([taxStatus818], { guid: ROOT_GUID }))).toStrictEqual([{
      messageGuid: ROOT_GUID, guid: taxStatus818.TaxHeadStatus.guid, returnTime: '20250320090000456', invtNo: '79122025I000000042',
      taxNo: '79122025I000000042_0', status: '2', entDutyNo: 'DUTY-0001', assureCode: '5101960AGT', extra: {},
    }]);
  });
});

describe('parseSummaryResults (CEB792)', () => {
  it('flattens each SummaryResult with its inventory lines', () => {
    const [r] = parseSummaryResults(buildCeb792([summaryResult792], { guid: ROOT_GUID }));
    expect(r).toMatchObject({
      messageGuid: ROOT_GUID, sumNo: 'S20250402000000001', declSeqNo: 'S20257901000000001', entryId: '790120250000000001',
      decState: 'A', ebcCode: '5101960EBC', agentCode: '5101960AGT', customsCode: '7901', opDate: '20250402100000789',
      grossWeight: '4.7', netWeight: '4.2', msgCount: 1, msgSeqNo: 1, extra: {},
    });
    expect(r?.lines).toEqual(summaryResult792.SummaryResultList);
  });

  it('allows an empty list (允许可空) and leaves absent optional numbers out', () => {
    const bare = { SummaryResultHead: { ...summaryResult792.SummaryResultHead }, SummaryResultList: [] };
    delete bare.SummaryResultHead.entryId;
    const [r] = parseSummaryResults(buildCeb792([bare]));
    expect(r?.lines).toEqual([]);
    expect(r && 'entryId' in r).toBe(false);
  });
});

describe('validateIssued and the builders', () => {
  it('names the field at fault', () => {
    const bad = structuredClone(tax816);
    bad.TaxHeadRd.status = '4' as never;
    bad.TaxHeadRd.valueAddedTax = '37.311111';
    bad.TaxListRd[1]!.gnum = 3;
    try {
      buildCeb816([bad]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CebValidationError);
      expect(codes(e)).toEqual([
        ['Tax[0].TaxHeadRd.valueAddedTax', 'decimal'], ['Tax[0].TaxHeadRd.status', 'enum'], ['Tax[0].TaxListRd[1].gnum', 'gnum'],
      ]);
    }
    const r = structuredClone(summaryResult792);
    r.SummaryResultHead.opDate = '2025040210000078';
    r.SummaryResultHead.entryId = '79012025000000001';
    r.SummaryResultList[0]!.gcode = '62141000';
    try {
      buildCeb792([r]);
      expect.unreachable();
    } catch (e) {
      expect(codes(e)).toEqual([
        ['SummaryResult[0].SummaryResultHead.opDate', 'length'], ['SummaryResult[0].SummaryResultHead.entryId', 'length'],
        ['SummaryResult[0].SummaryResultList[0].gcode', 'length'],
      ]);
    }
    expect(validateIssued('CEB999Message', {})).toEqual([{ path: '', code: 'type', message: 'unsupported customs-issued message type CEB999Message' }]);
  });

  it('CEB792 list rows carry the inventories\' own gnum (no consecutive-gnum rule) and TaxListRd needs ≥ 1 line', () => {
    expect(summaryResult792.SummaryResultList.map((l) => l.gnum)).toEqual([1, 2, 1]);
    expect(validateIssued('CEB792Message', parseIssued(buildCeb792([summaryResult792])))).toEqual([]);
    const empty = { ...tax816, TaxListRd: [] };
    expect(validateIssued('CEB816Message', { guid: ROOT_GUID, entities: [empty] }).map((p) => [p.path, p.code])).toEqual([['Tax[0].TaxListRd', 'count']]);
  });
});
