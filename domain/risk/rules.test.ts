import { describe, expect, it } from 'vitest';
import { evaluateRisk, type RiskHistory, type RiskSubject } from './rules.js';

const at = (h: number) => new Date(Date.UTC(2026, 10, 26, h)).toISOString();
const order = (id: string, hour: number, buyer: Partial<NonNullable<RiskSubject['buyer']>> = {}): RiskSubject => ({
  shipmentId: id, enterpriseId: 'e1', mode: '1210', createdAt: at(hour),
  lines: [{ sku: 'MILK', hsCode: '1901101000', qty: 2, unitPrice: 228, currency: 'CNY' }],
  buyer: { idHash: 'b1', payerIsBuyer: true, phoneHash: 'p1', addressHash: 'a1', dutiableCny: 2000, ...buyer },
});
const none: RiskHistory = { related: [], prices: {}, otherDirectionSkus: [] };
const ids = (hits: { ruleId: string }[]) => hits.map((h) => h.ruleId);

describe('risk rules', () => {
  it('holds split orders that together pass the single limit within 24 h', () => {
    const hits = evaluateRisk(order('c', 10), { ...none, related: [order('a', 1), order('b', 2)] });
    expect(hits.find((h) => h.ruleId === 'SPLIT_ORDERS')).toMatchObject({ severity: 'HOLD', explanation: expect.stringContaining('CNY 6000.00') });
    expect(ids(evaluateRisk(order('c', 10), { ...none, related: [order('a', 1)] }))).not.toContain('SPLIT_ORDERS'); // 4,000
  });

  it('flags shared contacts across different buyers, not one buyer\'s repeat orders', () => {
    const others = [order('a', 1, { idHash: 'b2' }), order('b', 2, { idHash: 'b3', phoneHash: 'p9' })];
    expect(evaluateRisk(order('c', 3), { ...none, related: others }).find((h) => h.ruleId === 'SHARED_CONTACT')?.explanation).toContain('address is used by 3');
    expect(ids(evaluateRisk(order('c', 3), { ...none, related: [order('a', 1), order('b', 2)] }))).not.toContain('SHARED_CONTACT');
  });

  it('reviews a payer who is not the buyer, and high-frequency buyers', () => {
    expect(ids(evaluateRisk(order('c', 3, { payerIsBuyer: false }), none))).toEqual(['BUYER_NOT_PAYER']);
    const week = [1, 20, 40, 60].map((h, i) => order(`o${i}`, h - 100, { dutiableCny: 100 }));
    expect(ids(evaluateRisk(order('c', 3, { dutiableCny: 100 }), { ...none, related: week }))).toContain('HIGH_FREQUENCY_BUYER');
  });

  it('reviews prices 30 % off the HS code median only with enough history', () => {
    const s = order('c', 3);
    expect(ids(evaluateRisk(s, { ...none, prices: { '1901101000:CNY': [400, 410, 390, 405, 395] } }))).toContain('PRICE_ANOMALY');
    expect(ids(evaluateRisk(s, { ...none, prices: { '1901101000:CNY': [400, 410, 390, 405] } }))).not.toContain('PRICE_ANOMALY');
    expect(ids(evaluateRisk(s, { ...none, prices: { '1901101000:CNY': [230, 220, 240, 225, 235] } }))).not.toContain('PRICE_ANOMALY');
  });

  it('reviews round-tripping of one SKU', () => {
    expect(evaluateRisk(order('c', 3), { ...none, otherDirectionSkus: ['MILK'] })[0]).toMatchObject({ ruleId: 'ROUND_TRIP', version: 1 });
  });
});
