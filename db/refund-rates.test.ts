import { describe, expect, it } from 'vitest';
import { useScratchPostgres } from '../test/support/db.js';
import { refundRateOn } from '../domain/export/refund-rates.js';
import { RefundRateFileError } from '../domain/export/refund-rate-file.js';
import { loadRefundRates, zoneRefundRules } from './refund-rates.js';

// The zone's refund rates in the database (docs/refund-rates.md; docs/reference/domain-rules.md §3.2).
const scratch = useScratchPostgres('refund_rates');
const HEADER = 'hsCode,effectiveFrom,ratePercent,name';

describe('zone refund rates (PostgreSQL)', () => {
  it('loads a file, finds the rows covering a code by every prefix, and takes a corrected rate on a second load', async () => {
    const first = await loadRefundRates(scratch.db, '/zone/rates-2026.csv', `${HEADER}\n0902,2020-03-20,9,茶\n0902300000,2024-01-01,13,红茶\n6109,2020-03-20,13,针织T恤\n`);
    expect(first).toMatchObject({ rows: 3, source: expect.stringMatching(/^rates-2026\.csv sha256:[0-9a-f]{16}$/) });
    const rules = await zoneRefundRules(scratch.db, ['0902300000']);
    expect(rules.map((r) => `${r.hsPrefix}@${r.effectiveFrom}`).sort()).toEqual(['0902300000@2024-01-01', '0902@2020-03-20']);
    expect(refundRateOn('0902300000', '2023-12-31', rules)?.rateBp).toBe(900);
    expect(refundRateOn('0902300000', '2024-01-01', rules)?.rateBp).toBe(1300);
    await loadRefundRates(scratch.db, 'fix.csv', `${HEADER}\n0902300000,2024-01-01,10,红茶 corrected\n`);
    expect(refundRateOn('0902300000', '2024-06-01', await zoneRefundRules(scratch.db, ['0902300000']))?.rateBp).toBe(1000);
    expect(await scratch.db.refundRate.count()).toBe(3);
  });

  it('writes nothing from a refused file', async () => {
    const before = await scratch.db.refundRate.count();
    await expect(loadRefundRates(scratch.db, 'bad.csv', `${HEADER}\n8471300000,2020-03-20,13,ok\n8471,2020-13-01,13,bad date\n`)).rejects.toBeInstanceOf(RefundRateFileError);
    expect(await scratch.db.refundRate.count()).toBe(before);
  });
});
