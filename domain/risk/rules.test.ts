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
    expect(hits.find((h) => h.ruleId === 'SPLIT_ORDERS')).toMatchObject({ severity: 'HOLD', detail: '3 orders of the same buyer within 24 h total CNY 6000.00 (> 5,000): a (CNY 2000.00), b (CNY 2000.00)' });
    expect(ids(evaluateRisk(order('c', 10), { ...none, related: [order('a', 1)] }))).not.toContain('SPLIT_ORDERS'); // 4,000
  });

  it('flags shared contacts across different buyers, not one buyer\'s repeat orders', () => {
    const others = [order('a', 1, { idHash: 'b2' }), order('b', 2, { idHash: 'b3', phoneHash: 'p9' })];
    expect(evaluateRisk(order('c', 3), { ...none, related: others }).find((h) => h.ruleId === 'SHARED_CONTACT')?.detail).toBe('the consignee address is used by 3 different buyers within 30 days: a, b');
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

  it("keeps other shipments' ids and figures out of what the enterprise reads (ops-only detail)", () => {
    const others = [order('shipment:e2:A', 1, { idHash: 'b1', dutiableCny: 3100 }), order('shipment:e2:B', 2, { idHash: 'b2', phoneHash: 'p9' }), order('shipment:e3:C', 2, { idHash: 'b3', phoneHash: 'p9' })];
    const week = [1, 20, 40, 60].map((h, i) => order(`shipment:e2:W${i}`, h - 100, { dutiableCny: 100 }));
    const hits = evaluateRisk(order('c', 10, { phoneHash: 'p9' }), { related: [...others, ...week], prices: { '1901101000:CNY': [400, 410, 390, 405, 395] }, otherDirectionSkus: [] });
    expect(ids(hits)).toEqual(['SPLIT_ORDERS', 'HIGH_FREQUENCY_BUYER', 'SHARED_CONTACT', 'PRICE_ANOMALY']);
    for (const h of hits) {
      expect(h.explanation).not.toMatch(/shipment:|e2|e3|5100|3100|median|\b[0-9]+ (orders|different)/);
      expect(h.detail).toBeDefined();
    }
    expect(hits.map((h) => h.detail).join(' ')).toContain('shipment:e2:A (CNY 3100.00)');
  });

  it('reviews round-tripping of one SKU', () => {
    expect(evaluateRisk(order('c', 3), { ...none, otherDirectionSkus: ['MILK'] })[0]).toMatchObject({ ruleId: 'ROUND_TRIP', version: 1 });
  });
});
