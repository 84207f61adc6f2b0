import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { DAY } from '../../domain/time.js';
import { createOpsPerson } from '../../api/ops-people.service.js';
import { repoRoot } from '../../scripts/lib/tools.js';
import { captureHistory } from '../support/histories.js';
import { control } from '../support/ledger.js';
import { closedAndBalanced, lenderEffects, loanSides } from '../support/loans.js';
import { callApi, eventually, startPlatform, type Platform } from '../support/platform.js';

/**
 * Receivable financing (订单融资, issue 20) end to end on the real stack: a demo enterprise finances
 * the units a 9810 consignment sold abroad and a released 9710 consignment; each loan closes itself
 * when the shipment's FX proceeds settle, read from the shipment's own timeline. The bank holds
 * the proceeds (late-funds) so that the 9810 batch is still uncollected when the loan is applied
 * for; at this time scale a business day is 0.1 s.
 */
let p: Platform;
const ex9710 = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9710.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9710' }>;
const ex9810 = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9810.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9810' }>;
const ORDERS = { sold: 'RCV-9810-1', released: 'RCV-9710-1', rejected: 'RCV-9710-REJ' } as const;
const beneficiary = { accountName: '达州测试电商有限公司', accountNo: '6222020200112233', bankCode: '102651000015' };
const FUNDS_HELD = 200 * DAY;

const shipmentId = (orderNo: string) => `shipment:${p.enterpriseId}:${orderNo}`;

beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000, env: { OVERSEAS_SALES_WINDOW_DAYS: '90' } });
  await control(p.simUrls['lender-bank']!, 'faults', { duplicateCallbackRate: 1 });
  // the warehouse sells half the stock in one batch; the bank holds each shipment's proceeds
  await control(p.simUrls['overseas-warehouse']!, 'scenarios', { key: shipmentId(ORDERS.sold), scenario: 'partial-sales', params: { batches: 1, share: 0.5 } });
  // a 9810 batch's proceeds are collected as soon as it sells: held long enough to finance it; a 9710
  // consignment's only after arrival, so a shorter hold keeps them near the loan's 180-day tenor
  await control(p.simUrls.bank, 'scenarios', { key: shipmentId(ORDERS.sold), scenario: 'late-funds', params: { businessDelayMs: FUNDS_HELD } });
  for (const orderNo of [ORDERS.released, ORDERS.rejected]) await control(p.simUrls.bank, 'scenarios', { key: shipmentId(orderNo), scenario: 'late-funds', params: { businessDelayMs: 100 * DAY } });
  await control(p.simUrls['lender-bank']!, 'scenarios', { key: `loan:${p.enterpriseId}:rcv:${ORDERS.rejected}`, scenario: 'reject', params: { code: 'BUYER_RISK', reason: 'buyer country limit reached' } });
  const created = [
    await p.api.POST('/v1/shipments', { body: { ...ex9810, orderNo: ORDERS.sold, logistics: { ...ex9810.logistics, waybillNo: 'WBRCV98101' } } }),
    await p.api.POST('/v1/shipments', { body: { ...ex9710, orderNo: ORDERS.released, logistics: { ...ex9710.logistics, waybillNo: 'WBRCV97101' } } }),
    await p.api.POST('/v1/shipments', { body: { ...ex9710, orderNo: ORDERS.rejected, logistics: { ...ex9710.logistics, waybillNo: 'WBRCV9710R' } } }),
  ];
  for (const c of created) if (c.response.status !== 202) throw new Error(`shipment: ${c.response.status}`);
}, 120_000);
afterAll(async () => p?.stop());

async function timelineHas(orderNo: string, type: string) {
  return eventually(async () => {
    const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id: shipmentId(orderNo) } } });
    return data?.timeline.some((e) => e.type === type) ? data : undefined;
  }, `${orderNo}: ${type}`, 120_000);
}
async function consentTo(lender: string, orderNo: string) {
  const res = await p.api.POST('/v1/finance/consents', { body: { recipient: lender, purpose: 'FINANCING', subjectIds: [shipmentId(orderNo)], allSubjects: false, facts: ['TIMELINE', 'GOODS', 'FX'], validUntil: new Date(Date.now() + 86_400_000).toISOString() } });
  if (res.response.status !== 201) throw new Error(`consent: ${res.response.status} ${JSON.stringify(res.error)}`);
}
const apply = (product: 'RECEIVABLE_9710' | 'RECEIVABLE_9810_SALES', orderNo: string, requestedAmount: string, lender: string) =>
  p.api.POST('/v1/loans', { body: { product, shipmentId: shipmentId(orderNo), requestedAmount, lender, beneficiary } });
const loan = async (id: string) => (await p.api.GET('/v1/loans/{id}', { params: { path: { id } } })).data!;
const loanWhen = (id: string, what: string, done: (l: Awaited<ReturnType<typeof loan>>) => boolean) =>
  eventually(async () => {
    const l = await loan(id);
    return done(l) ? l : undefined;
  }, `${id}: ${what}`, 120_000);
const effects = (lender: string, loanId: string) => lenderEffects(p, lender, loanId);
const sides = (lender: string, l: Awaited<ReturnType<typeof loan>>) => loanSides(p, lender, l);
const CLOSED_BALANCED = { balanced: true, owedBesides: { fees: '0.00', interest: '0.00' }, movements: { disburse: 1, repay: 1 } };

describe.concurrent('receivable financing (订单融资)', () => {
  it('finances the 9810 units sold abroad, and closes itself when their FX proceeds settle, both ledgers balancing', async ({ expect }) => {
    // nothing sold yet: no receivable
    const early = await apply('RECEIVABLE_9810_SALES', ORDERS.sold, '100.00', 'lender-bank');
    expect(early.response.status).toBe(422);
    expect(early.error).toMatchObject({ code: 'NO_UNCOLLECTED_SALES', fields: [{ path: 'body.shipmentId' }] });

    const sold = await timelineHas(ORDERS.sold, 'SALES_REPORTED');
    expect(sold.timeline.some((e) => e.type === 'FX_SETTLED')).toBe(false);
    await consentTo('lender-bank', ORDERS.sold);
    // above what the sold units allow (80 % of their declared value): refused, nothing written
    const tooMuch = await apply('RECEIVABLE_9810_SALES', ORDERS.sold, '4000.00', 'lender-bank');
    expect(tooMuch.response.status).toBe(422);
    expect(tooMuch.error).toMatchObject({ code: 'REQUESTED_ABOVE_LIMIT', fields: [{ path: 'body.requestedAmount' }] });

    const applied = await apply('RECEIVABLE_9810_SALES', ORDERS.sold, '1000.00', 'lender-bank');
    expect(applied.response.status).toBe(202);
    const id = applied.data!.id;
    expect(id).toBe(`loan:${p.enterpriseId}:rcv:${ORDERS.sold}:s1`);
    const offered = await loanWhen(id, 'offered', (l) => l.status !== 'APPLIED');
    expect(offered.status).toBe('OFFERED');
    // the loan finances the one batch sold, valued at the declared CNY value of its units
    const batchSeq = sold.timeline.find((e) => e.type === 'SALES_REPORTED')!.seq;
    expect(offered.financed!.refs).toEqual([`${shipmentId(ORDERS.sold)}#${batchSeq}`]);
    expect(Number(offered.financed!.value)).toBeGreaterThan(1250);
    expect(Number(offered.financed!.value)).toBeLessThan(4950);
    expect(offered.offer).toMatchObject({ limit: '1000.00', ratioBp: 7_000 });
    const disclosures = await p.db.financeDisclosure.findMany({ where: { purposeRef: id } });
    expect(disclosures.map((d) => [d.recipient, d.subjectId, d.facts])).toEqual([['lender-bank', shipmentId(ORDERS.sold), ['TIMELINE', 'GOODS', 'FX']]]);
    // the same application again is the same loan; another amount for the same sales is refused
    expect((await apply('RECEIVABLE_9810_SALES', ORDERS.sold, '1000.00', 'lender-bank')).response.status).toBe(200);
    const other = await apply('RECEIVABLE_9810_SALES', ORDERS.sold, '900.00', 'lender-bank');
    expect(other.response.status).toBe(409);

    const accepted = await p.api.POST('/v1/loans/{id}/accept', { params: { path: { id } } });
    expect(accepted.response.status).toBe(200);
    expect(['ACCEPTED', 'DISBURSED']).toContain(accepted.data!.status);
    const closed = await loanWhen(id, 'closed', (l) => l.status === 'CLOSED');
    const shipment = await timelineHas(ORDERS.sold, 'FX_SETTLED');
    expect(closed.repayments).toHaveLength(1);
    const r = closed.repayments[0]!;
    expect(r).toMatchObject({ status: 'CONFIRMED', principal: '1000.00' });
    // the whole settled CNY went through the waterfall: the lender's part plus the enterprise's
    const settledCny = /→ ([\d.]+) CNY/.exec(shipment.timeline.find((e) => e.type === 'FX_SETTLED')!.info)![1]!;
    expect(Math.round(Number(r.amount) * 100) + Math.round(Number(r.toEnterprise) * 100)).toBe(Math.round(Number(settledCny) * 100));
    const both = await sides('lender-bank', closed);
    expect(closedAndBalanced(both)).toMatchObject({ ...CLOSED_BALANCED, principal: { disbursed: 100_000, accountedFor: 100_000, outstanding: '0.00' } });
    expect(both.lender).toEqual(both.platform);
    expect((await p.temporal.workflow.getHandle(id).describe()).searchAttributes.LoanStatus).toEqual(['CLOSED']);
    // the same sales again (no batch reported since): the closed loan has them
    const again = await apply('RECEIVABLE_9810_SALES', ORDERS.sold, '100.00', 'lender-bank');
    expect(again.response.status).toBe(409);
    expect(again.error).toMatchObject({ code: 'LOAN_EXISTS', fields: [{ path: 'body.shipmentId' }] });
    expect((await apply('RECEIVABLE_9810_SALES', ORDERS.sold, '1000.00', 'lender-bank')).data).toMatchObject({ id, status: 'CLOSED' });
    await captureHistory(p.temporal, id, 'finance/receivable-9810-closed');
  });

  it('finances a released 9710 consignment; accepting answers while the lender is down, the disbursement follows, and the loan closes on FX settlement', async ({ expect }) => {
    await timelineHas(ORDERS.released, 'RELEASED');
    await consentTo('lender-fin', ORDERS.released);
    const applied = await apply('RECEIVABLE_9710', ORDERS.released, '2000.00', 'lender-fin');
    expect(applied.response.status).toBe(202);
    const id = applied.data!.id;
    expect(id).toBe(`loan:${p.enterpriseId}:rcv:${ORDERS.released}`);
    const offered = await loanWhen(id, 'offered', (l) => l.status !== 'APPLIED');
    expect(offered).toMatchObject({ status: 'OFFERED', financed: { refs: [shipmentId(ORDERS.released)], value: '4800.00' }, offer: { limit: '2000.00', ratioBp: 7_500 } });
    // another loan on the same consignment is refused while this one runs
    const twice = await apply('RECEIVABLE_9710', ORDERS.released, '1500.00', 'lender-fin');
    expect(twice.response.status).toBe(409);

    // the lender is down: the acceptance is recorded and answered, the disbursement waits
    await control(p.simUrls['lender-fin']!, 'outage', { durationMs: 600_000 });
    const accepted = await p.api.POST('/v1/loans/{id}/accept', { params: { path: { id } } });
    expect(accepted.response.status).toBe(200);
    expect(accepted.data!.status).toBe('ACCEPTED');
    expect(await effects('lender-fin', id)).not.toContain('disburse');
    await fetch(`${p.simUrls['lender-fin']}/_control/outage`, { method: 'DELETE' });
    const disbursed = await loanWhen(id, 'disbursed', (l) => l.status !== 'ACCEPTED');
    expect(['DISBURSED', 'REPAYING', 'CLOSED']).toContain(disbursed.status);

    const closed = await loanWhen(id, 'closed', (l) => l.status === 'CLOSED');
    expect(closed.repayments[0]).toMatchObject({ status: 'CONFIRMED', principal: '2000.00' });
    const both = await sides('lender-fin', closed);
    expect(closedAndBalanced(both)).toMatchObject({ ...CLOSED_BALANCED, principal: { disbursed: 200_000, accountedFor: 200_000, outstanding: '0.00' } });
    expect(both.lender).toEqual(both.platform);
    await captureHistory(p.temporal, id, 'finance/receivable-9710-closed');
  });

  it('refuses what is not a receivable (4xx, code and field, nothing written), and ends REJECTED when the lender rejects', async ({ expect }) => {
    const id = `loan:${p.enterpriseId}:rcv:${ORDERS.rejected}`;
    await consentTo('lender-bank', ORDERS.rejected);
    const wrongMode = await apply('RECEIVABLE_9810_SALES', ORDERS.rejected, '100.00', 'lender-bank');
    expect(wrongMode.response.status).toBe(422);
    expect(wrongMode.error).toMatchObject({ code: 'WRONG_MODE', fields: [{ path: 'body.shipmentId' }] });
    const pool = await p.api.POST('/v1/loans', { body: { product: 'RECEIVABLE_9610_POOL', shipmentId: shipmentId(ORDERS.rejected), requestedAmount: '100.00', lender: 'lender-bank', beneficiary } });
    expect(pool.response.status).toBe(400);
    expect(pool.error?.fields.map((f) => f.path)).toContain('body.shipmentIds');
    expect(await p.db.financeLoan.count({ where: { shipmentId: shipmentId(ORDERS.rejected) } })).toBe(0);
    // a 9610 pool's refusals: test/e2e/finance-pool-loan.test.ts

    await timelineHas(ORDERS.rejected, 'RELEASED');
    const applied = await apply('RECEIVABLE_9710', ORDERS.rejected, '1000.00', 'lender-bank');
    expect(applied.response.status).toBe(202);
    const rejected = await loanWhen(id, 'decided', (l) => l.status !== 'APPLIED');
    expect(rejected).toMatchObject({ status: 'REJECTED', reason: 'BUYER_RISK: buyer country limit reached', disbursementId: null });
    expect(rejected.ledger.entries).toEqual([]);
    expect(await effects('lender-bank', id)).toEqual(['apply']);
    expect((await p.api.POST('/v1/loans/{id}/accept', { params: { path: { id } } })).response.status).toBe(409);
    expect((await p.temporal.workflow.getHandle(id).describe()).searchAttributes.LoanStatus).toEqual(['REJECTED']);
  });
});

describe('ops exposure', () => {
  it("shows what the enterprise owes each lender: its loans' ledgers summed per product, as the loan API shows them, for ops only", async ({ expect }) => {
    const { key } = await createOpsPerson(p.db, { name: `exposure-${p.enterpriseId}`, role: 'VIEWER', actor: 'test' });
    const res = await callApi(p.apiUrl, 'GET', `/v1/ops/finance/exposure?enterpriseId=${encodeURIComponent(p.enterpriseId)}`, key);
    expect(res.status).toBe(200);
    const exposure = res.body as { groups: { product: string; lender: string; loans: number; open: number; balanced: boolean; balances: Record<'principal' | 'interest' | 'fees', Record<string, string>> }[]; totals: { loans: number; balanced: boolean }[] };
    const loans = (await p.api.GET('/v1/loans', { params: { query: { limit: 100 } } })).data!.items;
    const fen = (s: string) => Math.round(Number(s) * 100);
    for (const g of exposure.groups) {
      const mine = loans.filter((l) => l.product === g.product && l.lender === g.lender);
      expect(g.loans).toBe(mine.length);
      for (const bucket of ['principal', 'interest', 'fees'] as const) {
        for (const field of ['charged', 'repaid', 'writtenOff', 'outstanding']) {
          expect(fen(g.balances[bucket][field]!), `${g.product} ${g.lender} ${bucket}.${field}`).toBe(mine.reduce((n, l) => n + fen((l.ledger.balances[bucket] as Record<string, string>)[field]!), 0));
        }
      }
      expect(g.balanced).toBe(true);
    }
    // the 9810 and 9710 loans closed, the rejected one never lent: nothing outstanding, every loan counted once
    expect(exposure.totals).toEqual([expect.objectContaining({ loans: loans.length, balanced: true })]);
    expect(exposure.groups.reduce((n, g) => n + fen(g.balances.principal.outstanding!), 0)).toBe(0);
    expect(exposure.groups.reduce((n, g) => n + fen(g.balances.principal.charged!), 0)).toBeGreaterThan(0);

    // an enterprise's key is not an ops key; a product that does not exist is named as the field at fault
    expect((await callApi(p.apiUrl, 'GET', '/v1/ops/finance/exposure', p.apiKey)).body).toMatchObject({ code: 'FORBIDDEN' });
    const bad = await callApi(p.apiUrl, 'GET', '/v1/ops/finance/exposure?product=CAR_LOAN', key);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ fields: [expect.objectContaining({ path: 'querystring.product' })] });
  });
});
