import { describe, expect, it } from 'vitest';
import { refundRateOn, type RefundRateRule } from './refund-rates.js';

describe('export refund rates (§3.2)', () => {
  it('cuts lithium-ion batteries from 13 % to 9 % by the export date 2024-12-01', () => {
    expect(refundRateOn('8507600010', '2024-11-30')?.rateBp).toBe(1300);
    expect(refundRateOn('8507600010', '2024-12-01')?.rateBp).toBe(900);
    expect(refundRateOn('8507600090123', '2025-03-01')?.rateBp).toBe(900); // 13-digit code with CIQ suffix
    expect(refundRateOn('8541430000', '2024-12-01')?.rateBp).toBe(900);
  });

  it('cancels refunds for aluminium, copper and modified oils from 2024-12-01 and knows no earlier rate', () => {
    expect(refundRateOn('7604210000', '2024-12-01')?.rateBp).toBe(0);
    expect(refundRateOn('7408110000', '2025-01-01')?.rateBp).toBe(0);
    expect(refundRateOn('1518000000', '2024-12-01')?.rateBp).toBe(0);
    expect(refundRateOn('7604210000', '2024-11-30')).toBeUndefined();
    expect(refundRateOn('0902300000', '2025-01-01')).toBeUndefined();
    expect(refundRateOn('8507600010', '2019-03-31')).toBeUndefined();
  });

  it('lets the longest prefix win, whatever the order of the rows', () => {
    const table: RefundRateRule[] = [
      { hsPrefix: '850760', effectiveFrom: '2020-01-01', rateBp: 900, basis: 'example', note: '' },
      { hsPrefix: '85', effectiveFrom: '2023-01-01', rateBp: 1300, basis: 'example', note: '' },
    ];
    expect(refundRateOn('8507600010', '2024-01-01', table)?.rateBp).toBe(900);
    expect(refundRateOn('8501100000', '2024-01-01', table)?.rateBp).toBe(1300);
    expect(refundRateOn('8501100000', '2022-12-31', table)).toBeUndefined();
  });

  it('says whether a rule is a confirmed category or an example', () => {
    expect(refundRateOn('8507600010', '2025-01-01')?.rule.basis).toBe('category');
    expect(refundRateOn('7604210000', '2025-01-01')?.rule.basis).toBe('example');
    expect(() => refundRateOn('85.07', '2025-01-01')).toThrow(RangeError);
  });
});
