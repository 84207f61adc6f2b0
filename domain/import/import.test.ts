import { describe, expect, it } from 'vitest';
import { assertIsoDate, effectiveOn } from './effective.js';
import { assessLimits, quotaYear } from './limits.js';
import { cosmeticsConsumptionTaxRateBp, ratesOn } from './rates.js';
import { comprehensiveRate, lineTax, orderTax, TariffRateRequired } from './tax.js';
import { buyerPayerMismatch, checkOrderer, isValidResidentId, normaliseResidentId, residentIdCheckChar, residentIdProblem } from './identity.js';

const D = '2025-06-01';
const one = (fen: number, quantity = 1) => [{ dutiableFen: fen, quantity }];

describe('effective-dated data', () => {
  const rows = [{ effectiveFrom: '2020-01-01', v: 1 }, { effectiveFrom: '2024-12-01', v: 2 }];
  it('picks the latest row on or before the date', () => {
    expect(effectiveOn(rows, '2024-11-30').v).toBe(1);
    expect(effectiveOn(rows, '2024-12-01').v).toBe(2);
    expect(() => effectiveOn(rows, '2019-12-31')).toThrow(RangeError);
  });
  it('accepts only real calendar days', () => {
    expect(() => assertIsoDate('2024-02-29')).not.toThrow();
    expect(() => assertIsoDate('2023-02-29')).toThrow(RangeError);
    expect(() => assertIsoDate('2024-2-1')).toThrow(RangeError);
  });
});

describe('retail import limits (§2.1)', () => {
  it('has CNY 5,000 / 26,000 from 2019-01-01 and CNY 2,000 / 20,000 before', () => {
    expect(ratesOn('2019-01-01')).toMatchObject({ singleTransactionLimitFen: 500_000, annualLimitFen: 2_600_000 });
    expect(ratesOn('2018-12-31')).toMatchObject({ singleTransactionLimitFen: 200_000, annualLimitFen: 2_000_000 });
    expect(() => ratesOn('2016-04-07')).toThrow(RangeError);
  });

  it('allows an order of exactly CNY 5,000 at the reduced rate, refuses CNY 5,000.01 of several items', () => {
    expect(assessLimits({ date: D, lines: one(500_000, 3), usedThisYearFen: 0 }).outcome).toBe('CBEC_REDUCED');
    const over = assessLimits({ date: D, lines: [{ dutiableFen: 250_000, quantity: 1 }, { dutiableFen: 250_001, quantity: 1 }], usedThisYearFen: 0 });
    expect(over).toMatchObject({ outcome: 'NOT_CBEC', reason: 'OVER_SINGLE_LIMIT', orderFen: 500_001 });
    expect(assessLimits({ date: D, lines: one(500_001, 2), usedThisYearFen: 0 })).toMatchObject({ outcome: 'NOT_CBEC', reason: 'OVER_SINGLE_LIMIT' });
  });

  it('lets one indivisible item above CNY 5,000 in with full tax, counted toward the annual total', () => {
    expect(assessLimits({ date: D, lines: one(500_001), usedThisYearFen: 0 })).toMatchObject({ outcome: 'CBEC_FULL_TAX', countsTowardAnnualFen: 500_001 });
    expect(assessLimits({ date: D, lines: one(2_600_000), usedThisYearFen: 0 }).outcome).toBe('CBEC_FULL_TAX');
    expect(assessLimits({ date: D, lines: one(600_000), usedThisYearFen: 2_000_000 }).outcome).toBe('CBEC_FULL_TAX');
    expect(assessLimits({ date: D, lines: one(600_000), usedThisYearFen: 2_000_001 })).toMatchObject({ outcome: 'NOT_CBEC', reason: 'OVER_ANNUAL_LIMIT', remainingAnnualFen: 599_999 });
    expect(assessLimits({ date: D, lines: one(2_600_001), usedThisYearFen: 0 })).toMatchObject({ outcome: 'NOT_CBEC', reason: 'OVER_ANNUAL_LIMIT' });
  });

  it('refuses an order that takes the year above CNY 26,000, allows one that reaches it exactly', () => {
    expect(assessLimits({ date: D, lines: one(500_000), usedThisYearFen: 2_100_000 }).outcome).toBe('CBEC_REDUCED');
    expect(assessLimits({ date: D, lines: one(500_000), usedThisYearFen: 2_100_001 })).toMatchObject({ outcome: 'NOT_CBEC', reason: 'OVER_ANNUAL_LIMIT', remainingAnnualFen: 499_999 });
    expect(assessLimits({ date: D, lines: one(1), usedThisYearFen: 2_600_000 })).toMatchObject({ outcome: 'NOT_CBEC', remainingAnnualFen: 0 });
  });

  it('switches limits and the single-item rule by date', () => {
    expect(assessLimits({ date: '2018-12-31', lines: one(300_000, 2), usedThisYearFen: 0 })).toMatchObject({ outcome: 'NOT_CBEC', reason: 'OVER_SINGLE_LIMIT' });
    // 2016 rule: a single indivisible item over the limit went to general trade
    expect(assessLimits({ date: '2018-12-31', lines: one(300_000), usedThisYearFen: 0 })).toMatchObject({ outcome: 'NOT_CBEC', reason: 'OVER_SINGLE_LIMIT' });
    expect(assessLimits({ date: '2019-01-01', lines: one(300_000, 2), usedThisYearFen: 0 }).outcome).toBe('CBEC_REDUCED');
    expect(assessLimits({ date: '2018-12-31', lines: one(150_000), usedThisYearFen: 1_900_000 }).outcome).toBe('NOT_CBEC');
    expect(assessLimits({ date: '2019-01-01', lines: one(150_000), usedThisYearFen: 1_900_000 }).outcome).toBe('CBEC_REDUCED');
  });

  it('rejects malformed amounts and counts the quota per calendar year', () => {
    expect(() => assessLimits({ date: D, lines: one(100.5), usedThisYearFen: 0 })).toThrow(RangeError);
    expect(() => assessLimits({ date: D, lines: [], usedThisYearFen: 0 })).toThrow(RangeError);
    expect(quotaYear('2024-12-31')).toBe(2024);
    expect(quotaYear('2025-01-01')).toBe(2025);
  });
});

describe('comprehensive tax (§2.2)', () => {
  const r = ratesOn(D);
  it('reproduces the reference worked rates: 9.1 %, 6.3 %, 23.06 %, 17.89 %, 43.0 %', () => {
    const pct = (v: number, c: number) => (comprehensiveRate(v, c, r) * 100).toFixed(2);
    expect([pct(1300, 0), pct(900, 0), pct(1300, 1500), pct(1300, 1000), pct(1300, 3000)]).toEqual(['9.10', '6.30', '23.06', '17.89', '43.00']);
  });

  it('levies the same figures in fen on a CNY 100 line, CT on the composite-assessable base', () => {
    const tax = (vatRateBp: number, consumptionTaxRateBp: number) => lineTax({ dutiableFen: 10_000, quantity: 1, vatRateBp, consumptionTaxRateBp }, 'CBEC_REDUCED', r);
    expect(tax(1300, 0)).toEqual({ tariffFen: 0, consumptionTaxFen: 0, vatFen: 910, totalFen: 910 });
    expect(tax(900, 0)).toEqual({ tariffFen: 0, consumptionTaxFen: 0, vatFen: 630, totalFen: 630 });
    // CT = 100 / 0.85 × 15 % × 70 % = 12.3529 → 12.35; VAT = 100 / 0.85 × 13 % × 70 % = 10.7059 → 10.71
    expect(tax(1300, 1500)).toEqual({ tariffFen: 0, consumptionTaxFen: 1235, vatFen: 1071, totalFen: 2306 });
    expect(tax(1300, 1000)).toEqual({ tariffFen: 0, consumptionTaxFen: 778, vatFen: 1011, totalFen: 1789 });
    expect(tax(1300, 3000)).toEqual({ tariffFen: 0, consumptionTaxFen: 3000, vatFen: 1300, totalFen: 4300 });
  });

  it('rounds each tax half up to the fen', () => {
    // 0.50 CNY, CT 30 %: base 0.50 / 0.7; VAT = 0.50 × 13 % = 6.5 fen → 7 (half up), CT = 15 fen
    const t = lineTax({ dutiableFen: 50, quantity: 1, vatRateBp: 1300, consumptionTaxRateBp: 3000 }, 'CBEC_REDUCED', r);
    expect(t).toEqual({ tariffFen: 0, consumptionTaxFen: 15, vatFen: 7, totalFen: 22 });
  });

  it('taxes a single item over the single limit in full, with its tariff', () => {
    const res = orderTax({ date: D, usedThisYearFen: 0, lines: [{ dutiableFen: 600_000, quantity: 1, vatRateBp: 1300, tariffRateBp: 1000 }] });
    expect(res.decision.outcome).toBe('CBEC_FULL_TAX');
    // tariff 6,000 × 10 % = 600; VAT (6,000 + 600) × 13 % = 858
    expect('total' in res && res.total).toEqual({ tariffFen: 60_000, consumptionTaxFen: 0, vatFen: 85_800, totalFen: 145_800 });
    const cosm = lineTax({ dutiableFen: 600_000, quantity: 1, vatRateBp: 1300, consumptionTaxRateBp: 1500, tariffRateBp: 500 }, 'CBEC_FULL_TAX', r);
    // base (6,000 + 300) / 0.85 = 7,411.7647; CT 1,111.76; VAT 963.53
    expect(cosm).toEqual({ tariffFen: 30_000, consumptionTaxFen: 111_176, vatFen: 96_353, totalFen: 237_529 });
    expect(() => lineTax({ dutiableFen: 600_000, quantity: 1, vatRateBp: 1300 }, 'CBEC_FULL_TAX', r)).toThrow(TariffRateRequired);
  });

  it('taxes an order line by line and returns nothing to levy when not CBEC', () => {
    const res = orderTax({
      date: D,
      usedThisYearFen: 0,
      lines: [
        { dutiableFen: 10_000, quantity: 2, vatRateBp: 1300 },
        { dutiableFen: 10_000, quantity: 1, vatRateBp: 1300, consumptionTaxRateBp: 1500 },
      ],
    });
    expect('lines' in res && res.lines.map((l) => l.totalFen)).toEqual([910, 2306]);
    expect('total' in res && res.total.totalFen).toBe(3216);
    expect(orderTax({ date: D, usedThisYearFen: 2_600_000, lines: [{ dutiableFen: 1, quantity: 1, vatRateBp: 1300 }] })).not.toHaveProperty('lines');
  });

  it('applies the high-end cosmetics CT from CNY 10 per ml or CNY 15 per piece', () => {
    expect(cosmeticsConsumptionTaxRateBp(D, { unitPriceFen: 50_000, contents: 50, unit: 'ml' })).toBe(1500);
    expect(cosmeticsConsumptionTaxRateBp(D, { unitPriceFen: 49_999, contents: 50, unit: 'ml' })).toBe(0);
    expect(cosmeticsConsumptionTaxRateBp(D, { unitPriceFen: 1_500, contents: 1, unit: 'sheet' })).toBe(1500);
    expect(cosmeticsConsumptionTaxRateBp(D, { unitPriceFen: 1_499, contents: 1, unit: 'piece' })).toBe(0);
  });
});

describe('resident ID (GB 11643, §7.2) and buyer identity (§2.4)', () => {
  it('accepts the reference vectors and computes their check character X', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('34052419800101001X')).toBe(true);
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });

  it('names the problem: format (incl. lower-case x), birth date, check character', () => {
    expect(residentIdProblem('11010519491231002x')).toBe('FORMAT');
    expect(isValidResidentId(normaliseResidentId(' 11010519491231002x '))).toBe(true);
    expect(residentIdProblem('110105194912310021')).toBe('CHECK_CHAR');
    expect(residentIdProblem('1101051949123100')).toBe('FORMAT');
    const first17 = '11010519490231002';
    expect(residentIdProblem(first17 + residentIdCheckChar(first17))).toBe('BIRTH_DATE');
  });

  it('detects a payer who is not the orderer', () => {
    const buyer = { name: '张三', idNumber: '11010519491231002X' };
    expect(buyerPayerMismatch(buyer, { name: '张 三', idNumber: '11010519491231002x' })).toEqual([]);
    expect(buyerPayerMismatch(buyer, { name: '李四', idNumber: '34052419800101001X' })).toEqual(['idNumber', 'name']);
    expect(checkOrderer({ buyer, buyerIdentityVerified: true })).toEqual({ ok: true });
    expect(checkOrderer({ buyer, buyerIdentityVerified: false, payer: { name: '李四', idNumber: '11010519491231002X' } })).toEqual({ ok: false, reason: 'BUYER_NOT_PAYER', mismatch: ['name'] });
    expect(checkOrderer({ buyer, buyerIdentityVerified: false, payerIsBuyer: true })).toEqual({ ok: true });
    expect(checkOrderer({ buyer, buyerIdentityVerified: false })).toEqual({ ok: false, reason: 'PAYER_UNKNOWN' });
    expect(checkOrderer({ buyer: { ...buyer, idNumber: '110105194912310021' }, buyerIdentityVerified: true })).toMatchObject({ ok: false, reason: 'INVALID_BUYER_ID' });
  });
});
