import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { DAY } from '../../domain/time.js';
import { repoRoot } from '../../scripts/lib/tools.js';
import { captureHistory } from '../support/histories.js';
import { control, ledger } from '../support/ledger.js';
import { closedAndBalanced, lenderEffects, loanSides, type LoanView } from '../support/loans.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';

/**
 * A 9610 pool loan (RECEIVABLE_9610_POOL, issue 20) end to end on the real stack: a demo enterprise
 * finances a pool of 21 released CNY-priced parcels with lender-bank; one parcel drops out
 * (cancelled after release), the others' proceeds arrive in two waves (the bank holds them until
 * the test lets them go: held-funds), each business day's settlements repay the loan by one
 * instruction followed to the lender's confirmation, and the loan closes itself, its ledger and the
 * lender's statement equal. At this time scale a business day is 0.1 s.
 */
let p: Platform;
const ex9610 = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9610.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9610' }>;
const ex9710 = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9710.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9710' }>;
const POOL = Array.from({ length: 21 }, (_, i) => `POOL-${String(i + 1).padStart(2, '0')}`);
const [FIRST_WAVE, SECOND_WAVE, DROPPED] = [POOL.slice(0, 10), POOL.slice(10, 20), POOL[20]!];
/** A second pool, whose parcels all drop out once it is lent. */
const LOST_POOL = Array.from({ length: 20 }, (_, i) => `POOL-LOST-${String(i + 1).padStart(2, '0')}`);
const NOT_RELEASED = 'POOL-HELD';
const CONSIGNMENT = 'POOL-9710';
const beneficiary = { accountName: '达州测试电商有限公司', accountNo: '6222020200112233', bankCode: '102651000015' };

const shipmentId = (orderNo: string) => `shipment:${p.enterpriseId}:${orderNo}`;
/** A 9610 parcel priced in CNY, worth CNY 600.00 (2 × 150.00 + 1 × 300.00): its CNY value is known before its proceeds. */
const parcel = (orderNo: string): ShipmentCreate => ({
  ...ex9610, orderNo, currency: 'CNY',
  logistics: { ...ex9610.logistics, waybillNo: `WB${orderNo.replaceAll('-', '')}` },
  items: [{ ...ex9610.items[0]!, unitPrice: 150 }, { ...ex9610.items[1]!, unitPrice: 300 }],
});
const holdFunds = (orderNo: string) => control(p.simUrls.bank, 'scenarios', { key: shipmentId(orderNo), scenario: 'held-funds', params: {} });
const releaseFunds = (orderNo: string) => control(p.simUrls.bank, 'scenarios', { key: shipmentId(orderNo), scenario: 'released', params: {} });

beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
  await control(p.simUrls['lender-bank']!, 'faults', { duplicateCallbackRate: 1 });
  await control(p.simUrls.singleWindow, 'scenarios', { key: NOT_RELEASED, scenario: 'delay-release', params: { businessDelayMs: 365 * DAY } });
  for (const orderNo of [...POOL, ...LOST_POOL, NOT_RELEASED]) await holdFunds(orderNo);
  const created = await Promise.all([
    ...[...POOL, ...LOST_POOL, NOT_RELEASED].map((orderNo) => p.api.POST('/v1/shipments', { body: parcel(orderNo) })),
    p.api.POST('/v1/shipments', { body: { ...ex9710, orderNo: CONSIGNMENT, logistics: { ...ex9710.logistics, waybillNo: 'WBPOOL9710' } } }),
  ]);
  for (const c of created) if (c.response.status !== 202) throw new Error(`shipment: ${c.response.status} ${JSON.stringify(c.error)}`);
}, 120_000);
afterAll(async () => p?.stop());

const shipment = async (orderNo: string) => (await p.api.GET('/v1/shipments/{id}', { params: { path: { id: shipmentId(orderNo) } } })).data!;
const released = (orderNos: readonly string[]) =>
  Promise.all(orderNos.map((orderNo) => eventually(async () => ((await shipment(orderNo)).timeline.some((e) => e.type === 'RELEASED') ? true : undefined), `${orderNo}: RELEASED`, 120_000)));
const applyForPool = (shipmentIds: string[], requestedAmount = '7000.00', lender = 'lender-bank') =>
  p.api.POST('/v1/loans', { body: { product: 'RECEIVABLE_9610_POOL', shipmentIds, requestedAmount, lender, beneficiary } });
const consentTo = (lender: string, subjectIds: string[]) =>
  p.api.POST('/v1/finance/consents', { body: { recipient: lender, purpose: 'FINANCING', subjectIds, allSubjects: false, facts: ['TIMELINE', 'GOODS', 'FX'], validUntil: new Date(Date.now() + 86_400_000).toISOString() } });
const loan = async (id: string) => (await p.api.GET('/v1/loans/{id}', { params: { path: { id } } })).data!;
const loanWhen = (id: string, what: string, done: (l: LoanView) => boolean) =>
  eventually(async () => {
    const l = await loan(id);
    return done(l) ? l : undefined;
  }, `${id}: ${what}`, 120_000);
const fen = (amount: string) => Math.round(Number(amount) * 100);

describe('9610 pool financing', () => {
  it("refuses a pool with another enterprise's parcel, a shipment of another mode or a parcel not released, naming it, and writes nothing", async ({ expect }) => {
    await released([POOL[0]!]);
    const foreign = (await p.otherApi.POST('/v1/shipments', { body: { ...parcel('POOL-OTHER'), logistics: { ...ex9610.logistics, waybillNo: 'WBPOOLOTHER' } } })).data!.id;
    const cases = [
      { other: foreign, status: 404, code: 'SHIPMENT_NOT_FOUND' },
      { other: shipmentId(CONSIGNMENT), status: 422, code: 'WRONG_MODE' },
      { other: shipmentId(NOT_RELEASED), status: 422, code: 'NOT_RELEASED' },
    ];
    for (const c of cases) {
      const res = await applyForPool([shipmentId(POOL[0]!), c.other]);
      expect(res.response.status, c.code).toBe(c.status);
      expect(res.error, c.code).toMatchObject({ code: c.code, fields: [{ path: 'body.shipmentIds.1' }] });
    }
    // one released parcel is not a pool
    const small = await applyForPool([shipmentId(POOL[0]!)], '100.00');
    expect(small.response.status).toBe(422);
    expect(small.error).toMatchObject({ code: 'POOL_TOO_SMALL', fields: [{ path: 'body.shipmentIds' }] });
    // nothing written, disclosed or sent to the lender
    expect(await p.db.financeLoan.count({ where: { product: 'RECEIVABLE_9610_POOL' } })).toBe(0);
    expect(await p.db.financeDisclosure.count()).toBe(0);
    expect(await ledger(p.simUrls['lender-bank']!)).toEqual([]);
  });

  it('finances a pool of released 9610 parcels, repays it sweep by sweep as their proceeds settle, owes a shortfall when a parcel drops out, and closes itself, both ledgers balancing', async ({ expect }) => {
    await released(POOL);
    const ids = POOL.map(shipmentId);
    // the lender sees nothing without the enterprise's consent for every parcel
    const unconsented = await applyForPool(ids);
    expect(unconsented.response.status).toBe(403);
    expect(unconsented.error).toMatchObject({ code: 'CONSENT_REQUIRED', fields: [{ path: 'body.lender' }] });
    expect((await consentTo('lender-bank', ids)).response.status).toBe(201);
    // 21 × CNY 600.00 = 12,600.00 pooled: at most 70 % (8,820.00)
    const tooMuch = await applyForPool(ids, '9000.00');
    expect(tooMuch.response.status).toBe(422);
    expect(tooMuch.error).toMatchObject({ code: 'REQUESTED_ABOVE_LIMIT', fields: [{ path: 'body.requestedAmount' }] });

    const applied = await applyForPool(ids);
    expect(applied.response.status).toBe(202);
    const id = applied.data!.id;
    expect(id).toMatch(new RegExp(`^loan:${p.enterpriseId}:pool:[0-9a-f]{16}$`));
    expect((await p.temporal.workflow.getHandle(id).describe()).type).toBe('poolLoanWorkflow');
    expect((await applyForPool([...ids].reverse())).response.status).toBe(200);
    const offered = await loanWhen(id, 'offered', (l) => l.status !== 'APPLIED');
    expect(offered).toMatchObject({ status: 'OFFERED', financed: { value: '12600.00' }, offer: { limit: '7000.00', ratioBp: 6_000 } });
    expect([...offered.financed!.refs].sort()).toEqual([...ids].sort());
    const disclosures = await p.db.financeDisclosure.findMany({ where: { purposeRef: id } });
    expect(disclosures.map((d) => d.subjectId).sort()).toEqual([...ids].sort());
    expect(disclosures.every((d) => d.recipient === 'lender-bank' && d.facts.join() === 'TIMELINE,GOODS,FX')).toBe(true);
    // a parcel of this pool cannot back another loan while this one is live
    const again = await applyForPool(ids.slice(0, 20));
    expect(again.response.status).toBe(409);
    expect(again.error).toMatchObject({ code: 'ALREADY_FINANCED', fields: [{ path: 'body.shipmentIds.0' }] });

    expect((await p.api.POST('/v1/loans/{id}/accept', { params: { path: { id } } })).response.status).toBe(200);
    const disbursed = await loanWhen(id, 'disbursed', (l) => l.disbursementId !== null && l.status !== 'ACCEPTED');
    expect(disbursed.status).toBe('DISBURSED');

    // a released parcel cancelled (from Temporal: the API refuses it after release) drops out: the
    // other 20 parcels no longer cover all that is owed, and the difference falls due on a date
    await p.temporal.workflow.getHandle(shipmentId(DROPPED)).cancel();
    await eventually(async () => ((await shipment(DROPPED)).status === 'CANCELLED' ? true : undefined), `${DROPPED}: CANCELLED`);
    const short = await loanWhen(id, 'shortfall', (l) => l.reason?.startsWith('SHORTFALL') === true);
    expect(short.reason).toMatch(new RegExp(`^SHORTFALL: \\d+ fen not covered by the 20 parcels still to settle \\(dropped out: ${shipmentId(DROPPED)}\\)`));
    expect(short.schedule.dueDate).not.toBe(short.schedule.maturityDate);
    expect(short.repayments).toEqual([]);

    // the first wave settles: repaid by instruction, the shortfall covered by what came in
    for (const orderNo of FIRST_WAVE) await releaseFunds(orderNo);
    const partly = await loanWhen(id, 'partly repaid', (l) => l.repayments.length > 0 && l.repayments.every((r) => r.status === 'CONFIRMED') && !l.reason?.startsWith('SHORTFALL'));
    expect(fen(partly.ledger.balances.principal.outstanding)).toBeGreaterThan(0);
    expect(partly.repayments.every((r) => r.toEnterprise === '0.00')).toBe(true);

    for (const orderNo of SECOND_WAVE) await releaseFunds(orderNo);
    const closed = await loanWhen(id, 'closed', (l) => l.status === 'CLOSED');
    // one instruction per sweep, each confirmed by the lender, in order; the principal repaid in full
    const n = closed.repayments.length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(closed.repayments.map((r) => r.instructionId)).toEqual(Array.from({ length: n }, (_, i) => `${closed.disbursementId}-R${i + 1}`));
    expect(closed.repayments.every((r) => r.status === 'CONFIRMED')).toBe(true);
    expect(closed.repayments.reduce((s, r) => s + fen(r.principal), 0)).toBe(700_000);
    // what the sweeps took in (whole parcels' CNY receipts: goods and freight) went to the lender first, the rest to the enterprise
    const receipt = (await shipment(FIRST_WAVE[0]!)).timeline.find((e) => e.type === 'FUNDS_RECEIVED')!;
    const perParcel = fen(/^([\d.]+) CNY received/.exec(receipt.info)![1]!);
    const received = closed.repayments.reduce((s, r) => s + fen(r.amount) + fen(r.toEnterprise), 0);
    expect(received % perParcel).toBe(0);
    expect(received).toBeGreaterThan(700_000);
    const both = await loanSides(p, 'lender-bank', closed);
    expect(closedAndBalanced(both)).toMatchObject({ balanced: true, owedBesides: { fees: '0.00', interest: '0.00' }, principal: { disbursed: 700_000, accountedFor: 700_000, outstanding: '0.00' }, movements: { disburse: 1, repay: n } });
    expect(both.lender).toEqual(both.platform);
    expect(await lenderEffects(p, 'lender-bank', id)).toContain('apply');
    expect((await p.temporal.workflow.getHandle(id).describe()).searchAttributes.LoanStatus).toEqual(['CLOSED']);
    await captureHistory(p.temporal, id, 'finance/pool-9610-closed');
  });

  it('owes everything once every parcel of a pool dropped out, and ends OVERDUE when that shortfall falls due, nothing repaid nor written off', async ({ expect }) => {
    await released(LOST_POOL);
    const ids = LOST_POOL.map(shipmentId);
    expect((await consentTo('lender-fin', ids)).response.status).toBe(201);
    const applied = await applyForPool(ids, '5000.00', 'lender-fin');
    expect(applied.response.status).toBe(202);
    const id = applied.data!.id;
    expect(await loanWhen(id, 'offered', (l) => l.status !== 'APPLIED')).toMatchObject({ status: 'OFFERED', financed: { value: '12000.00' }, offer: { limit: '5000.00', ratioBp: 6_500 } });
    expect((await p.api.POST('/v1/loans/{id}/accept', { params: { path: { id } } })).response.status).toBe(200);
    await loanWhen(id, 'disbursed', (l) => l.disbursementId !== null && l.status !== 'ACCEPTED');

    await Promise.all(ids.map((sid) => p.temporal.workflow.getHandle(sid).cancel()));
    const overdue = await loanWhen(id, 'ended', (l) => l.status === 'OVERDUE' && l.reason?.includes('no parcel of the pool is left') === true);
    expect(overdue.reason).toMatch(/^SHORTFALL: \d+ fen outstanding since \d{4}-\d{2}-\d{2}; no parcel of the pool is left to settle$/);
    expect(overdue.repayments).toEqual([]);
    const { principal } = overdue.ledger.balances;
    expect(overdue.ledger.balanced).toBe(true);
    expect([principal.charged, principal.repaid, principal.writtenOff, principal.outstanding]).toEqual(['5000.00', '0.00', '0.00', '5000.00']);
    expect(await lenderEffects(p, 'lender-fin', id)).toEqual(['apply', 'disburse']);
    await expect(p.temporal.workflow.getHandle(id).result()).resolves.toMatchObject({ status: 'OVERDUE' });
  });
});
