import { describe, expect, it } from 'vitest';
import { useScratchPostgres } from '../test/support/db.js';
import { financeExposure } from './finance-exposure.js';

const scratch = useScratchPostgres('exposure');

type Entry = { kind: string; principal?: number; interest?: number; fees?: number };
async function loan(id: string, enterpriseId: string, product: string, lender: string, status: string, entries: Entry[]) {
  await scratch.db.financeLoan.create({ data: { id, enterpriseId, product, shipmentId: `shipment:${enterpriseId}:${id}`, lender, status, currency: 'CNY', requested: 100_000n } });
  for (const [i, e] of entries.entries()) {
    await scratch.db.financeLedgerEntry.create({ data: { key: `${id}:${i}`, loanId: id, kind: e.kind, principal: BigInt(e.principal ?? 0), interest: BigInt(e.interest ?? 0), fees: BigInt(e.fees ?? 0), on: `2026-11-${String(10 + i).padStart(2, '0')}` } });
  }
}

describe('ops exposure', () => {
  it('sums each loan ledger per enterprise, product and lender, counts open and defaulted loans, and filters', async () => {
    for (const [id, name] of [['ent-exp-a', '达州甲'], ['ent-exp-b', '达州乙']] as const) await scratch.db.enterprise.create({ data: { id, name, customsCode: id === 'ent-exp-a' ? '5100000011' : '5100000012' } });
    // A: a refund loan repaid in full; another outstanding with interest and a fee; a receivable loan overdue after a partial repayment
    await loan('l1', 'ent-exp-a', 'REFUND_BACKED', 'lender-bank', 'CLOSED', [{ kind: 'DISBURSED', principal: 100_000 }, { kind: 'FEE_CHARGED', fees: 200 }, { kind: 'INTEREST_ACCRUED', interest: 1_050 }, { kind: 'REPAID', principal: 100_000, interest: 1_050, fees: 200 }]);
    await loan('l2', 'ent-exp-a', 'REFUND_BACKED', 'lender-bank', 'DISBURSED', [{ kind: 'DISBURSED', principal: 300_000 }, { kind: 'FEE_CHARGED', fees: 600 }, { kind: 'INTEREST_ACCRUED', interest: 2_000 }]);
    await loan('l3', 'ent-exp-a', 'RECEIVABLE_9710', 'lender-fin', 'OVERDUE', [{ kind: 'DISBURSED', principal: 50_000 }, { kind: 'REPAID', principal: 20_000 }]);
    // B: a pledge written off in part; a loan the lender rejected (nothing charged)
    await loan('l4', 'ent-exp-b', 'STOCK_PLEDGE', 'lender-fin', 'BREACHED', [{ kind: 'DISBURSED', principal: 80_000 }, { kind: 'WRITTEN_OFF', principal: 30_000 }]);
    await loan('l5', 'ent-exp-b', 'REFUND_BACKED', 'lender-bank', 'REJECTED', []);

    const all = await financeExposure(scratch.db, {});
    expect(all.groups.map((g) => [g.enterpriseId, g.product, g.lender, g.loans, g.open, g.inDefault, g.totals.principal.outstanding])).toEqual([
      ['ent-exp-a', 'REFUND_BACKED', 'lender-bank', 2, 1, 0, 300_000], // largest outstanding principal first
      ['ent-exp-b', 'STOCK_PLEDGE', 'lender-fin', 1, 1, 1, 50_000],
      ['ent-exp-a', 'RECEIVABLE_9710', 'lender-fin', 1, 1, 1, 30_000],
      ['ent-exp-b', 'REFUND_BACKED', 'lender-bank', 1, 0, 0, 0],
    ]);
    expect(all.groups[0]).toMatchObject({ enterpriseName: '达州甲', balanced: true, totals: {
      principal: { charged: 400_000, repaid: 100_000, writtenOff: 0, outstanding: 300_000 },
      interest: { charged: 3_050, repaid: 1_050, outstanding: 2_000 },
      fees: { charged: 800, repaid: 200, outstanding: 600 },
    } });
    expect(all.groups[1]!.totals.principal).toEqual({ charged: 80_000, repaid: 0, writtenOff: 30_000, outstanding: 50_000 });
    expect(all.totals).toEqual([expect.objectContaining({ currency: 'CNY', loans: 5, open: 3, inDefault: 2, balanced: true })]);
    expect(all.totals[0]!.totals.principal).toEqual({ charged: 530_000, repaid: 120_000, writtenOff: 30_000, outstanding: 380_000 });

    const mine = await financeExposure(scratch.db, { enterpriseId: 'ent-exp-a', lender: 'lender-fin' });
    expect(mine.groups.map((g) => g.product)).toEqual(['RECEIVABLE_9710']);
    expect((await financeExposure(scratch.db, { product: 'STOCK_PLEDGE' })).totals[0]!.loans).toBe(1);
    expect(await financeExposure(scratch.db, { enterpriseId: 'ent-nobody' })).toEqual({ groups: [], totals: [] });
  });
});
