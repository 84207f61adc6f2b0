import { describe, expect, it } from 'vitest';
import { useScratchPostgres } from '../test/support/db.js';
import { confirmQuota, hashBuyerId, QuotaReservationConflict, QuotaStateError, releaseQuota, reserveQuota, usedQuota, withdrawQuota } from './quota.js';

// A fresh PostgreSQL database of its own (real row locks and concurrency; PGlite serialises
// everything and would prove nothing), migrated with `prisma migrate deploy`, dropped at the end.
const scratch = useScratchPostgres('quota');
const LIMIT = '26000';

const buyer = (n: number) => hashBuyerId(`11010519491231${String(n).padStart(3, '0')}X`);
const sum = (xs: string[]) => xs.reduce((s, x) => s + Math.round(Number(x) * 100), 0) / 100;

describe('buyer quota (PostgreSQL)', () => {
  it('never lets 20 racing reservations exceed the annual limit together', async () => {
    const h = buyer(1);
    const amounts = Array.from({ length: 20 }, (_, i) => (1500 + i * 37.11).toFixed(2)); // 20 orders ≈ CNY 37,000
    const results = await Promise.all(
      amounts.map((amountCny, i) => reserveQuota(scratch.db, { reservationId: `race-${i}`, buyerIdHash: h, year: 2025, amountCny, annualLimitCny: LIMIT })),
    );
    const won = amounts.filter((_, i) => results[i]?.ok);
    expect(won.length).toBeGreaterThan(0);
    expect(won.length).toBeLessThan(20);
    expect(sum(won)).toBeLessThanOrEqual(26000);
    expect(Number(await usedQuota(scratch.db, h, 2025))).toBe(sum(won));
    // every refused one was refused because it no longer fitted, and left no reservation behind
    for (const [i, r] of results.entries()) {
      if (r.ok) continue;
      expect(r.reason).toBe('OVER_ANNUAL_LIMIT');
      expect(Number(amounts[i])).toBeGreaterThan(26000 - sum(won));
    }
    const rows = await scratch.db.quotaReservation.count({ where: { buyerIdHash: h } });
    expect(rows).toBe(won.length);
  });

  it('admits exactly 13 of 20 racing CNY 2,000 orders (13 × 2,000 = 26,000)', async () => {
    const h = buyer(2);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => reserveQuota(scratch.db, { reservationId: `even-${i}`, buyerIdHash: h, year: 2025, amountCny: 2000, annualLimitCny: LIMIT })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(13);
    expect(await usedQuota(scratch.db, h, 2025)).toBe('26000.00');
    const refused = results.find((r) => !r.ok);
    expect(refused).toEqual({ ok: false, reason: 'OVER_ANNUAL_LIMIT', usedCny: '26000.00', remainingCny: '0.00' });
  });

  it('counts a retried reservation once, even when the retries race', async () => {
    const h = buyer(3);
    const input = { reservationId: 'order-retry', buyerIdHash: h, year: 2025, amountCny: '4999.99', annualLimitCny: LIMIT };
    const results = await Promise.all(Array.from({ length: 8 }, () => reserveQuota(scratch.db, input)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && !r.replayed)).toHaveLength(1);
    expect(await reserveQuota(scratch.db, { ...input, amountCny: 4999.99 })).toMatchObject({ ok: true, replayed: true, usedCny: '4999.99' });
    expect(await usedQuota(scratch.db, h, 2025)).toBe('4999.99');
    await expect(reserveQuota(scratch.db, { ...input, amountCny: '5000' })).rejects.toBeInstanceOf(QuotaReservationConflict);
  });

  it('restores the quota on release, once, and keeps years apart', async () => {
    const h = buyer(4);
    const r = (reservationId: string, amountCny: string, year = 2025) => reserveQuota(scratch.db, { reservationId, buyerIdHash: h, year, amountCny, annualLimitCny: LIMIT });
    expect(await r('a', '20000')).toMatchObject({ ok: true, usedCny: '20000.00' });
    expect(await r('b', '6000.01')).toEqual({ ok: false, reason: 'OVER_ANNUAL_LIMIT', usedCny: '20000.00', remainingCny: '6000.00' });
    expect(await r('next-year', '6000.01', 2026)).toMatchObject({ ok: true, usedCny: '6000.01' });

    const releases = await Promise.all([releaseQuota(scratch.db, 'a'), releaseQuota(scratch.db, 'a'), releaseQuota(scratch.db, 'a')]);
    expect(releases.filter((x) => x.released)).toHaveLength(1);
    expect(await releaseQuota(scratch.db, 'a')).toEqual({ released: false, status: 'RELEASED' });
    expect(await usedQuota(scratch.db, h, 2025)).toBe('0.00');
    expect(await r('b', '6000.01')).toMatchObject({ ok: true, usedCny: '6000.01' });
    expect(await r('a', '20000')).toEqual({ ok: false, reason: 'ALREADY_RELEASED', usedCny: '6000.01' });
    expect(await releaseQuota(scratch.db, 'never-reserved')).toEqual({ released: false, status: null });
  });

  it('confirms idempotently; a return after confirmation restores the quota', async () => {
    const h = buyer(5);
    await reserveQuota(scratch.db, { reservationId: 'c1', buyerIdHash: h, year: 2025, amountCny: '100.5', annualLimitCny: LIMIT });
    expect(await confirmQuota(scratch.db, 'c1')).toBe('CONFIRMED');
    expect(await confirmQuota(scratch.db, 'c1')).toBe('CONFIRMED');
    expect(await reserveQuota(scratch.db, { reservationId: 'c1', buyerIdHash: h, year: 2025, amountCny: '100.50', annualLimitCny: LIMIT })).toMatchObject({ ok: true, status: 'CONFIRMED', replayed: true });
    expect(await releaseQuota(scratch.db, 'c1')).toEqual({ released: true, status: 'RELEASED' });
    expect(await usedQuota(scratch.db, h, 2025)).toBe('0.00');
    await expect(confirmQuota(scratch.db, 'c1')).rejects.toBeInstanceOf(QuotaStateError);
    await expect(confirmQuota(scratch.db, 'nope')).rejects.toBeInstanceOf(QuotaStateError);
  });

  it('withdraws a claim whose order never existed: the quota comes back and the id reserves again as attempt 2, any buyer or amount', async () => {
    const [a, b] = [buyer(7), buyer(8)];
    const r = (buyerIdHash: string, amountCny: string) => reserveQuota(scratch.db, { reservationId: 'w1', buyerIdHash, year: 2025, amountCny, annualLimitCny: LIMIT });
    expect(await r(a, '3000')).toMatchObject({ ok: true, attempt: 1, replayed: false, usedCny: '3000.00' });
    const withdrawals = await Promise.all([1, 2, 3].map(() => withdrawQuota(scratch.db, 'w1', 1)));
    expect(withdrawals.filter((w) => w.withdrawn)).toHaveLength(1);
    expect(await usedQuota(scratch.db, a, 2025)).toBe('0.00');
    // the refused request's buyer and amount do not bind the next one
    expect(await r(b, '120.50')).toMatchObject({ ok: true, status: 'RESERVED', attempt: 2, replayed: false, usedCny: '120.50' });
    expect(await r(b, '120.50')).toMatchObject({ ok: true, attempt: 2, replayed: true });
    expect(await usedQuota(scratch.db, a, 2025)).toBe('0.00');
    expect(await usedQuota(scratch.db, b, 2025)).toBe('120.50');
    // a late undo of attempt 1 leaves attempt 2 alone
    expect(await withdrawQuota(scratch.db, 'w1', 1)).toEqual({ withdrawn: false, status: 'RESERVED' });
    expect(await usedQuota(scratch.db, b, 2025)).toBe('120.50');
    // once it is an order (released by customs, then cancelled or returned) it is single-use again
    expect(await confirmQuota(scratch.db, 'w1')).toBe('CONFIRMED');
    expect(await withdrawQuota(scratch.db, 'w1', 2)).toEqual({ withdrawn: false, status: 'CONFIRMED' });
    expect(await releaseQuota(scratch.db, 'w1')).toEqual({ released: true, status: 'RELEASED' });
    expect(await r(b, '120.50')).toEqual({ ok: false, reason: 'ALREADY_RELEASED', usedCny: '0.00' });
    expect(await withdrawQuota(scratch.db, 'never-reserved', 1)).toEqual({ withdrawn: false, status: null });
    await expect(withdrawQuota(scratch.db, 'w1', 0)).rejects.toThrow(RangeError);
  });

  it('counts racing re-reservations of a withdrawn id once, under one new attempt', async () => {
    const h = buyer(9);
    const input = { reservationId: 'w2', buyerIdHash: h, year: 2025, amountCny: '800', annualLimitCny: LIMIT };
    await reserveQuota(scratch.db, input);
    await withdrawQuota(scratch.db, 'w2', 1);
    const results = await Promise.all(Array.from({ length: 8 }, () => reserveQuota(scratch.db, input)));
    expect(results.filter((x) => x.ok && !x.replayed)).toHaveLength(1);
    expect(results.every((x) => x.ok && x.attempt === 2)).toBe(true);
    expect(await usedQuota(scratch.db, h, 2025)).toBe('800.00');
    expect(await scratch.db.quotaReservation.findUniqueOrThrow({ where: { id: 'w2' } })).toMatchObject({ status: 'RESERVED', attempt: 2 });
  });

  it('keeps a withdrawn claim withdrawn when the new amount does not fit, and counts nothing', async () => {
    const h = buyer(10);
    const r = (reservationId: string, amountCny: string) => reserveQuota(scratch.db, { reservationId, buyerIdHash: h, year: 2025, amountCny, annualLimitCny: LIMIT });
    await r('w3', '1000');
    await withdrawQuota(scratch.db, 'w3', 1);
    await r('w3-other', '25000');
    expect(await r('w3', '1000.01')).toEqual({ ok: false, reason: 'OVER_ANNUAL_LIMIT', usedCny: '25000.00', remainingCny: '1000.00' });
    expect(await scratch.db.quotaReservation.findUniqueOrThrow({ where: { id: 'w3' } })).toMatchObject({ status: 'WITHDRAWN', attempt: 1 });
    expect(await r('w3', '1000')).toMatchObject({ ok: true, attempt: 2, usedCny: '26000.00' });
  });

  it('stores buyer ids only as SHA-256 hashes and rejects clear ids and bad amounts', async () => {
    const clear = '11010519491231002X';
    expect(hashBuyerId(' 11010519491231002x')).toBe(hashBuyerId(clear));
    expect(hashBuyerId(clear)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashBuyerId(clear, { key: 'k' })).not.toBe(hashBuyerId(clear));
    const base = { reservationId: 'x', year: 2025, annualLimitCny: LIMIT };
    await expect(reserveQuota(scratch.db, { ...base, buyerIdHash: clear, amountCny: '1' })).rejects.toThrow(RangeError);
    await expect(reserveQuota(scratch.db, { ...base, buyerIdHash: buyer(6), amountCny: '1.001' })).rejects.toThrow(RangeError);
    await expect(reserveQuota(scratch.db, { ...base, buyerIdHash: buyer(6), amountCny: 0 })).rejects.toThrow(RangeError);
    const leaked = await scratch.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "BuyerQuota" q FULL JOIN "QuotaReservation" r ON false
      WHERE q."buyerIdHash" LIKE '%1101051949%' OR r."buyerIdHash" LIKE '%1101051949%'`;
    expect(Number(leaked[0]?.n)).toBe(0);
  });
});
