// The positive list (正面清单, docs/reference/domain-rules.md §2.3): 8-digit tariff lines and the
// four kinds of remarks (exclusion, trade-mode restriction, product-name restriction, weight/
// quantity limit), in the platform's own file format (not the official layout).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPositiveList, PositiveListFile, type ListedItem } from './positive-list.js';

const sample = PositiveListFile.parse(JSON.parse(readFileSync(new URL('../../examples/positive-list.sample.json', import.meta.url), 'utf8')));
const lines = new Map(sample.lines.map((l) => [l.tariffLine, l]));
const item = (hsCode: string, over: Partial<ListedItem> = {}): ListedItem => ({ hsCode, name: '商品', legalUnit: '035', legalQty: 1, ...over });
const check = (items: ListedItem[], mode: '1210' | '9610' = '1210') => checkPositiveList(items, lines, mode, sample.version).map((p) => [p.code, p.line, p.field]);

describe('positive list file (cbec-positive-list/1, not official)', () => {
  it('reads the shipped sample, marked not official, with every HS code of the 1210 example on it', () => {
    expect(sample).toMatchObject({ format: 'cbec-positive-list/1', official: false, effectiveFrom: '2022-03-01' });
    const example = JSON.parse(readFileSync(new URL('../../examples/shipment-1210.json', import.meta.url), 'utf8')) as { items: { hsCode: string }[] };
    for (const i of example.items) expect(lines.has(i.hsCode.slice(0, 8)), i.hsCode).toBe(true);
  });

  it('refuses an official flag, a 10-digit line, a tariff line twice and an unknown remark kind, naming the path', () => {
    const bad = (change: Record<string, unknown>) => PositiveListFile.safeParse({ ...sample, ...change }).error?.issues.map((i) => i.path.join('.'));
    expect(bad({ official: true })).toEqual(['official']);
    expect(bad({ lines: [{ tariffLine: '1901101000', name: 'x', remarks: [] }] })).toEqual(['lines.0.tariffLine']);
    expect(bad({ lines: [sample.lines[0], sample.lines[0]] })).toEqual(['lines.1.tariffLine']);
    expect(bad({ lines: [{ tariffLine: '19011010', name: 'x', remarks: [{ kind: 'COLOUR' }] }] })).toEqual(['lines.0.remarks.0.kind']);
  });
});

describe('checkPositiveList (§2.3)', () => {
  it('admits goods whose 8-digit tariff line is listed, refuses others at the line at fault', () => {
    expect(check([item('1901101000'), item('3304990099')])).toEqual([]);
    expect(check([item('1901101000'), item('9503008900')])).toEqual([['NOT_ON_POSITIVE_LIST', 1, 'hsCode']]);
  });

  it('exclusion: a 10-digit code excluded from its line', () => {
    expect(check([item('3304990010')])).toEqual([['POSITIVE_LIST_EXCLUDED', 0, 'hsCode']]);
  });

  it('trade-mode restriction: a bonded-only line refuses direct purchase (9610)', () => {
    expect(check([item('2106909090')], '1210')).toEqual([]);
    expect(check([item('2106909090')], '9610')).toEqual([['POSITIVE_LIST_TRADE_MODE', 0, 'hsCode']]);
  });

  it('product-name restriction within a line: 32151900 inks only as household printer ink', () => {
    expect(check([item('3215190000', { name: '家用打印机墨水' })])).toEqual([]);
    expect(check([item('3215190000', { name: '工业油墨' })])).toEqual([['POSITIVE_LIST_PRODUCT_NAME', 0, 'name']]);
  });

  it('weight limit: sugar at most 2 kg, counted over the order\'s lines in the legal unit', () => {
    expect(check([item('1701991000', { legalQty: 2 })])).toEqual([]);
    expect(check([item('1701991000', { legalQty: 1.5 }), item('1701991000', { legalQty: 1 })])).toEqual([['POSITIVE_LIST_QUANTITY_LIMIT', 1, 'legalQty']]);
  });
});
