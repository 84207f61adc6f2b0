import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRefundRateFile, RefundRateFileError, zoneRule } from './refund-rate-file.js';
import { EXPORT_REFUND_RATES, refundRateOn } from './refund-rates.js';

/**
 * The zone's refund rate file (docs/refund-rates.md; the platform's own layout, not the official
 * 出口退税率文库 one). Rates are fixed per HS code and follow the export date (docs/reference/domain-rules.md §3.2).
 */
const sample = readFileSync(new URL('../../examples/refund-rates.sample.csv', import.meta.url), 'utf8');
const problems = (text: string): string[] => {
  try {
    parseRefundRateFile(text);
  } catch (err) {
    if (err instanceof RefundRateFileError) return err.problems;
    throw err;
  }
  return [];
};

describe('refund rate file', () => {
  it('reads the sample: code, effective date, rate in basis points, quoted names with commas', () => {
    const rows = parseRefundRateFile(sample);
    expect(rows.map((r) => [r.hsPrefix, r.effectiveFrom, r.rateBp])).toEqual([
      ['0902300000', '2020-03-20', 900],
      ['4602120000', '2020-03-20', 1300],
    ]);
    expect(rows[0]!.name).toBe('红茶（内包装每件净重不超过3千克）, sample');
  });

  it('dates each rate: a later row replaces an earlier one from its own date, a code unknown before its first date stays unknown', () => {
    const rows = parseRefundRateFile('hsCode,effectiveFrom,ratePercent,name\n9503000090,2019-04-01,13,玩具\n9503000090,2025-01-01,9.5,玩具\n');
    const table = [...rows.map((r) => zoneRule(r, 'test')), ...EXPORT_REFUND_RATES];
    expect(refundRateOn('9503000090', '2019-03-31', table)).toBeUndefined();
    expect(refundRateOn('9503000090', '2024-12-31', table)?.rateBp).toBe(1300);
    expect(refundRateOn('9503000090', '2025-01-01', table)?.rateBp).toBe(950);
  });

  it('lets a zone row win over the built-in row of the same prefix and date (placed first)', () => {
    const rows = parseRefundRateFile('hsCode,effectiveFrom,ratePercent,name\n850760,2024-12-01,8,batteries (zone correction)\n');
    const table = [...rows.map((r) => zoneRule(r, 'test')), ...EXPORT_REFUND_RATES];
    expect(refundRateOn('8507600010', '2024-12-02', table)?.rateBp).toBe(800);
    expect(refundRateOn('8507600010', '2024-12-02')?.rateBp).toBe(900);
  });

  it('refuses a file with bad lines as a whole, naming each line', () => {
    const text = [
      'hsCode,effectiveFrom,ratePercent,name',
      '09023,2020-03-20,9,ok prefix',
      '0902A00000,2020-03-20,9,letters',
      '0902300000,2020-02-30,9,no such day',
      '0902300000,2020-03-20,13.125,three decimals',
      '0902300000,2021-03-20,101,over 100',
      '4602120000,2020-03-20,13,first',
      '4602120000,2020-03-20,9,same code and date again',
      '4602120000,2020-03-20',
    ].join('\n');
    expect(problems(text)).toEqual([
      'line 3: hsCode "0902A00000" must be 2 to 10 digits',
      'line 4: effectiveFrom "2020-02-30" must be a date YYYY-MM-DD',
      'line 5: ratePercent "13.125" must be 0 to 100 with at most 2 decimals',
      'line 6: ratePercent "101" must be 0 to 100 with at most 2 decimals',
      'line 8: 4602120000 from 2020-03-20 is already on line 7',
      'line 9: 4 fields expected, found 2',
    ]);
  });

  it('refuses a file without the header or without rates', () => {
    expect(problems('hsCode;effectiveFrom;ratePercent;name\n')[0]).toMatch(/line 1: the header must be/);
    expect(problems('# only comments\n')).toEqual(['no header line "hsCode,effectiveFrom,ratePercent,name"']);
    expect(problems('hsCode,effectiveFrom,ratePercent,name\n')).toEqual(['no rate lines']);
  });
});
