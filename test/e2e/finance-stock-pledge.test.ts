import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureHistory } from '../support/histories.js';
import { moveStock } from '../../db/stock.js';
import { enterBondedStock, order1210, readers, WAREHOUSE } from '../support/imports.js';
import { control, ledger } from '../support/ledger.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';

/**
 * The stock pledge (仓单质押, issue 20) end to end on the real stack: bonded stock is pledged to
 * the finance company (simulator) under the enterprise's consent; the pledged units are locked in
 * the stock ledger, so a 1210 order for them is refused with 409 STOCK_PLEDGED and writes nothing;
 * the lender releases them by signed callback and the same order goes through; repayments release
 * units pro rata and close the pledge with a balancing ledger. Bonded pledges are on here
 * (BONDED_PLEDGE_PERMITTED, an assumption about customs: docs/finance.md).
 */
let p: Platform;
let r: ReturnType<typeof readers>;
const beneficiary = { accountName: '达州测试电商有限公司', accountNo: '6222020200112233', bankCode: '102651000015' };
const LENDER = 'lender-fin';

beforeAll(async () => {
  p = await startPlatform({ timeScale: 86_400, env: { BONDED_PLEDGE_PERMITTED: 'true' } });
  r = readers(p);
  await enterBondedStock(p, 'PLEDGE-ENTRY-1', [{ sku: 'AU-MILK-900', name: '婴儿配方奶粉', qty: 3 }, { sku: 'FR-SERUM-30', name: '精华液', qty: 8 }]);
  const consent = await p.api.POST('/v1/finance/consents', { body: { recipient: LENDER, purpose: 'FINANCING', subjectIds: [], allSubjects: true, facts: ['STOCK'], validUntil: new Date(Date.now() + 86_400_000).toISOString() } });
  expect(consent.response.status).toBe(201);
}, 180_000);
afterAll(async () => p?.stop());

const pledgeOf = async (id: string) => (await p.api.GET('/v1/pledges/{id}', { params: { path: { id } } })).data!;
const pledgeWhen = (id: string, what: string, done: (x: Awaited<ReturnType<typeof pledgeOf>>) => boolean) =>
  eventually(async () => {
    const x = await pledgeOf(id);
    return done(x) ? x : undefined;
  }, `${id}: ${what}`, 90_000);
const stock = async (sku: string) => (await p.api.GET('/v1/stock', { params: { query: { system: 'bonded-warehouse', warehouseCode: WAREHOUSE } } })).data!.items.find((i) => i.sku === sku)!;
/** Applies for a pledge, waits for the offer, accepts it (the answer once ACCEPTED is recorded), waits for it DISBURSED. */
async function pledgedAndDisbursed(pledgeNo: string, lines: { sku: string; qty: number; unitValue: string }[], requestedAmount: string, where: { custody: 'BONDED' | 'OVERSEAS'; warehouseCode: string } = { custody: 'BONDED', warehouseCode: WAREHOUSE }) {
  const applied = await p.api.POST('/v1/pledges', { body: { pledgeNo, ...where, lines, requestedAmount, lender: LENDER, beneficiary } });
  expect(applied.response.status).toBe(202);
  const id = applied.data!.id;
  await pledgeWhen(id, 'offered', (x) => x.status === 'OFFERED');
  const accepted = await p.api.POST('/v1/loans/{id}/accept', { params: { path: { id } } });
  expect(accepted.response.status).toBe(200);
  expect(['ACCEPTED', 'DISBURSED']).toContain(accepted.data!.status);
  await pledgeWhen(id, 'disbursed', (x) => x.status === 'DISBURSED');
  return id;
}

describe('stock pledge (仓单质押)', () => {
  it('a pledged unit cannot be sold until the lender releases it', async () => {
    const id = await pledgedAndDisbursed('PL-MILK-1', [{ sku: 'AU-MILK-900', qty: 2, unitValue: '200.00' }], '100.00');
    expect(id).toBe(`pledge:${p.enterpriseId}:PL-MILK-1`);
    const locked = await pledgeOf(id);
    expect(locked.lines).toEqual([{ sku: 'AU-MILK-900', pledged: '2', locked: '2', released: '0', breached: '0' }]);
    expect(await stock('AU-MILK-900')).toMatchObject({ onHand: '3', pledged: '2', available: '1' });
    // the lender saw the stock under the consent, once
    expect(await p.db.financeDisclosure.findMany({ where: { purposeRef: id } })).toEqual([expect.objectContaining({ recipient: LENDER, subjectType: 'STOCK', facts: ['STOCK'] })]);

    // a 1210 order for 2 tins: only 1 is free; refused with the field, nothing written
    const order = order1210('PL-ORDER-1', 71);
    const refused = await p.api.POST('/v1/shipments', { body: order });
    expect(refused.response.status).toBe(409);
    expect(refused.error).toMatchObject({ code: 'STOCK_PLEDGED', fields: [{ path: 'body.items.0.qty' }] });
    expect(await p.db.shipment.count({ where: { orderNo: 'PL-ORDER-1' } })).toBe(0);
    expect(Number(await r.quotaOf(71))).toBe(0);
    expect(await stock('AU-MILK-900')).toMatchObject({ reserved: '0', pledged: '2' });
    // nor can the units be pledged again
    const twice = await p.api.POST('/v1/pledges', { body: { pledgeNo: 'PL-MILK-2', custody: 'BONDED', warehouseCode: WAREHOUSE, lines: [{ sku: 'AU-MILK-900', qty: 2, unitValue: '200.00' }], requestedAmount: '100.00', lender: LENDER, beneficiary } });
    expect(twice.response.status).toBe(409);
    expect(twice.error).toMatchObject({ code: 'STOCK_PLEDGED', fields: [{ path: 'body.lines.0.qty' }] });

    // the lender's officer releases the units: a signed COLLATERAL_RELEASED callback, signalled to the pledge
    await control(p.simUrls[LENDER]!, 'release', { disbursementId: locked.loan.disbursementId });
    const released = await pledgeWhen(id, 'released', (x) => x.lines[0]?.locked === '0');
    expect(released.lines).toEqual([{ sku: 'AU-MILK-900', pledged: '2', locked: '0', released: '2', breached: '0' }]);
    expect(await stock('AU-MILK-900')).toMatchObject({ pledged: '0', available: '3' });

    // an order for the released units now goes through (a new order number: a refused order's
    // number stays taken by its released quota reservation, db/quota.ts)
    const sold = await p.api.POST('/v1/shipments', { body: order1210('PL-ORDER-2', 72) });
    expect(sold.response.status).toBe(202);
    expect(await stock('AU-MILK-900')).toMatchObject({ reserved: '2', available: '1' });

    // the loan itself is still owed: repaid in full, the pledge closes with a balancing ledger
    const owed = released.loan.ledger.balances;
    const total = (Number(owed.principal.outstanding) * 100 + Number(owed.fees.outstanding) * 100 + Number(owed.interest.outstanding) * 100 + 1_000) / 100;
    const repaid = await p.api.POST('/v1/pledges/{id}/repayments', { params: { path: { id } }, body: { amount: total.toFixed(2) } });
    expect(repaid.response.status).toBe(202);
    const closed = await pledgeWhen(id, 'closed', (x) => x.status === 'CLOSED');
    expect(closed.loan.ledger.balances.principal).toMatchObject({ charged: '100.00', repaid: '100.00', outstanding: '0.00' });
    expect(closed.loan.ledger.balanced).toBe(true);
    expect(closed.loan.repayments).toEqual([expect.objectContaining({ status: 'CONFIRMED', principal: '100.00' })]);
    // what was paid above the amount owed goes back to the enterprise
    expect(Number(closed.loan.repayments[0]!.toEnterprise)).toBeGreaterThan(0);
    expect((await ledger(p.simUrls[LENDER]!)).filter((e) => e.key.startsWith(`${id}:`) && e.operation === 'disburse')).toHaveLength(1);
    const described = await p.temporal.workflow.getHandle(id).describe();
    expect(described.searchAttributes.LoanStatus).toEqual(['CLOSED']);
    await p.temporal.workflow.getHandle(id).result();
    await captureHistory(p.temporal, id, 'finance/pledge-released-repaid-closed');
  });

  it('releases pledged units pro rata to the principal repaid', async () => {
    const id = await pledgedAndDisbursed('PL-SERUM-1', [{ sku: 'FR-SERUM-30', qty: 5, unitValue: '100.00' }], '200.00');
    // CNY 80.00: the fee first, then principal; ⌈5 × outstanding ÷ 200.00⌉ units stay locked
    const part = await p.api.POST('/v1/pledges/{id}/repayments', { params: { path: { id } }, body: { amount: '80.00' } });
    expect(part.response.status).toBe(202);
    const afterPart = await pledgeWhen(id, 'partly repaid and released', (x) => x.lines[0]?.released !== '0' && x.loan.repayments[0]?.status === 'CONFIRMED' && x.status === 'DISBURSED');
    const principalRepaid = Number(afterPart.loan.ledger.balances.principal.repaid) * 100;
    const keep = Math.ceil((5 * (20_000 - principalRepaid)) / 20_000);
    expect(afterPart.lines[0]).toMatchObject({ pledged: '5', locked: String(keep), released: String(5 - keep) });
    expect(await stock('FR-SERUM-30')).toMatchObject({ pledged: String(keep) });
    const rest = afterPart.loan.ledger.balances;
    const amount = ((Number(rest.principal.outstanding) + Number(rest.fees.outstanding) + Number(rest.interest.outstanding)) * 100 + 500) / 100;
    expect((await p.api.POST('/v1/pledges/{id}/repayments', { params: { path: { id } }, body: { amount: amount.toFixed(2) } })).response.status).toBe(202);
    const closed = await pledgeWhen(id, 'closed', (x) => x.status === 'CLOSED');
    expect(closed.lines[0]).toMatchObject({ locked: '0', released: '5' });
    expect(closed.loan.ledger.balanced).toBe(true);
    // nothing more to repay
    const again = await p.api.POST('/v1/pledges/{id}/repayments', { params: { path: { id } }, body: { amount: '1.00' } });
    expect(again.response.status).toBe(409);
  });

  it('puts the pledge in BREACHED when the overseas warehouse reports pledged units sold', async () => {
    // 9810 stock counted in at an overseas warehouse (as the shipment workflow records a receipt)
    const at = { system: 'overseas-warehouse', warehouseCode: 'DE-HAM-01', enterpriseId: p.enterpriseId, sku: 'DZ-TEA-001', reference: 'shipment:breach-test' };
    await moveStock(p.db, [{ ...at, eventKey: 'breach-test:received', kind: 'RECEIVED', qty: 10 }]);
    const id = await pledgedAndDisbursed('PL-TEA-1', [{ sku: 'DZ-TEA-001', qty: 8, unitValue: '100.00' }], '300.00', { custody: 'OVERSEAS', warehouseCode: 'DE-HAM-01' });
    // the warehouse reports 5 sold: 2 free units, then 3 pledged ones (recorded: the sale happened)
    const sold = await moveStock(p.db, [{ ...at, eventKey: 'breach-test:sold', kind: 'SOLD', qty: 5 }]);
    expect(sold.breaches).toEqual([expect.objectContaining({ pledgeId: id, qty: '3' })]);
    const breached = await pledgeWhen(id, 'breached', (x) => x.status === 'BREACHED');
    expect(breached.loan.reason).toMatch(/PLEDGED_UNITS_SOLD: .*DZ-TEA-001 ×3/);
    expect(breached.lines).toEqual([{ sku: 'DZ-TEA-001', pledged: '8', locked: '5', released: '0', breached: '3' }]);
    // ops find it in the Web UI by LoanStatus
    expect((await p.temporal.workflow.getHandle(id).describe()).searchAttributes.LoanStatus).toEqual(['BREACHED']);
    // still open (ops decide), captured as it stands
    await captureHistory(p.temporal, id, 'finance/pledge-breached-open');
  });
});
