// cbec-hub's own customs declaration (报关单) format — ⚠ NOT the official 货物申报 message
// (entry/format.ts, docs/single-window-entry-declaration.md). The attached document 10000004 follows
// docs/reference/ceb-messages.md "Four declaration routes"; the entryId format domain-rules.md §7.3.
import { describe, expect, it } from 'vitest';
import {
  ATTACHED_B2B_EXPORT, buildEntryDeclaration, buildEntryReturn, isExportEntryId, makeExportEntryId, parseEntryDeclaration, parseEntryReturn,
  type EntryDeclaration,
} from './format.js';

const declaration: EntryDeclaration = {
  guid: 'G-1', copNo: 'HABC123R0', appTime: '20250301101500', customsCode: '7901', portCode: '7901', tradeMode: '9710',
  consignorCode: '5101960A2B', consignorName: '成都蜀锦 & Co', agentCode: '5101960A2B', agentName: '成都蜀锦', trafMode: '3',
  country: '304', port: 'DEU', attachedDocType: ATTACHED_B2B_EXPORT, attachedDocNo: 'DZ-B2B-0001', declaredValueCny: '12000', currency: '142',
  lines: [{ gnum: 1, hsCode: '8507600010', name: '锂离子电池组', qty: '4', unit: '011', price: '165', totalPrice: '660' }],
};

describe('customs declaration format (not official)', () => {
  it('round-trips a declaration with the attached document 10000004 = order number', () => {
    const parsed = parseEntryDeclaration(buildEntryDeclaration(declaration));
    expect(parsed.problems).toEqual([]);
    expect(parsed.declaration).toEqual(declaration);
  });

  it('names what a declaration lacks: a non-10-digit HS code, the attached document, lines', () => {
    const xml = buildEntryDeclaration({ ...declaration, attachedDocType: '00000001', attachedDocNo: '', lines: [{ ...declaration.lines[0]!, hsCode: '850760' }] });
    expect(parseEntryDeclaration(xml).problems).toEqual([
      'AttachedDocument.docType: 10000004 required', 'AttachedDocument.docNo: required (order / booking-note number)', 'EntryList[0].hsCode: 10 digits',
    ]);
  });

  it('round-trips a receipt with the entryId; refuses another root', () => {
    const r = { guid: 'R-1', copNo: 'HABC123R0', returnStatus: '120', returnInfo: '对碰成功', returnTime: '20250301101700123', entryId: '790120250000000001', attachedDocNo: 'DZ-B2B-0001' };
    expect(parseEntryReturn(buildEntryReturn(r))).toEqual(r);
    expect(() => parseEntryReturn(buildEntryDeclaration(declaration))).toThrow(/not a CbecEntryDeclarationReturn/);
  });

  it('makes 18-digit export declaration numbers: customs + year + 0 + 9-digit sequence (domain-rules.md §7.3)', () => {
    expect(makeExportEntryId('7901', 2025, 42)).toBe('790120250000000042');
    expect(isExportEntryId(makeExportEntryId('7901', 2025, 42))).toBe(true);
    expect(isExportEntryId('7901202510000000042')).toBe(false);
    expect(isExportEntryId('79012025E000000042')).toBe(false); // an inventory number
  });
});
