import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../domain/finance/ledger.js';
import { mixedShipment } from '../lib/mix.js';
import { financingPlan, readiness } from './finance.js';
import { financeChecks, financePassed, type LoanFacts, type Statement } from './finance-verify.js';

const driving = { planned: 2, applied: 2, accepted: 2, missed: [], refused: [] };
const A = 'loan:ent-a:CKTS1';
const B = 'loan:ent-a:rcv:ORDER-2:s1';
const effect = (system: string, operation: string, key: string, result: unknown = null, requests = 1) => ({ system, operation, key, requests, requestHash: 'h', result, at: '' });
/** A loan of CNY 100.00 with a 0.10 fee, repaid in full with 0.05 interest. */
function closedLoan(id: string, lender: string, disbursementId: string): LoanFacts {
  const entries: LedgerEntry[] = [
    { key: `${id}:disbursed`, kind: 'DISBURSED', principal: 100_00, on: '2026-12-06' },
    { key: `${id}:fee`, kind: 'FEE_CHARGED', fees: 10, on: '2026-12-06' },
    { key: `${id}:interest:2026-12-07`, kind: 'INTEREST_ACCRUED', interest: 5, on: '2026-12-07' },
    { key: `${id}:repaid:${disbursementId}-R1`, kind: 'REPAID', principal: 100_00, interest: 5, fees: 10, on: '2026-12-07' },
  ];
  return { id, lender, status: 'CLOSED', reason: null, disbursementId, instructions: [`${disbursementId}-R1`], entries };
}
const statement = (reference: string, disbursementId: string, principalRepaid = 100_00): Statement =>
  ({ reference, disbursementId, disbursed: 100_00, repaid: { fees: 10, interest: 5, principal: principalRepaid }, outstandingPrincipal: 100_00 - principalRepaid });
const lenderEffects = (system: string, loan: string, disbursementId: string) => [
  effect(system, 'apply', `${loan}:apply`),
  effect(system, 'disburse', `${loan}:disburse`, { disbursementId, reference: loan }, 3),
  effect(system, 'repay', `${loan}:repay:${disbursementId}-R1`),
];

describe('chaos financing checks', () => {
  it('passes loans drawn and repaid once, balanced and equal to the lenders\' statements, with the repeats counted', () => {
    const f = financeChecks(driving, [closedLoan(A, 'lender-bank', 'BKLN1'), closedLoan(B, 'lender-fin', 'FCLN1')],
      [...lenderEffects('lender-bank', A, 'BKLN1'), ...lenderEffects('lender-fin', B, 'FCLN1')], [statement(A, 'BKLN1'), statement(B, 'FCLN1')]);
    expect({ d: f.doubleDisbursements, r: f.doubleRepayments, o: f.orphans, x: f.differences, u: f.unbalanced, l: f.lost }).toEqual({ d: [], r: [], o: [], x: [], u: [], l: [] });
    expect(f.lenders['lender-bank']).toMatchObject({ loans: 1, closed: 1, disbursements: 1, repayments: 1, repeatsAbsorbed: 2, balanced: true });
    expect(f.total).toMatchObject({ loans: 2, platform: { disbursed: 200_00, repaid: 200_00, writtenOff: 0, outstanding: 0 }, lender: { disbursed: 200_00, repaid: 200_00, outstanding: 0 } });
    expect(financePassed(f)).toBe(true);
  });

  it('finds a second draw, a repayment beyond the instructions, an effect of no loan, a statement that differs and a loan lent but not closed', () => {
    const open = { ...closedLoan(B, 'lender-fin', 'FCLN1'), status: 'REPAYING', entries: closedLoan(B, 'lender-fin', 'FCLN1').entries.slice(0, 3) };
    const f = financeChecks(driving, [closedLoan(A, 'lender-bank', 'BKLN1'), open], [
      ...lenderEffects('lender-bank', A, 'BKLN1'),
      effect('lender-bank', 'repay', `${A}:repay:BKLN1-R2`),
      effect('lender-bank', 'disburse', 'loan:ent-b:CKTS9:disburse'),
      ...lenderEffects('lender-fin', B, 'FCLN1'),
    ], [statement(A, 'BKLN1'), statement(A, 'BKLN2'), statement(B, 'FCLN1')]);
    expect(f.doubleDisbursements).toEqual([`${A}: 2 disbursements at lender-bank`]);
    expect(f.doubleRepayments).toEqual([`${A}: 2 repayments at lender-bank for 1 instruction(s)`]);
    expect(f.orphans).toEqual(['lender-bank disburse under key loan:ent-b:CKTS9:disburse']);
    expect(f.differences).toEqual([`${B}: repaid.fees platform 0, lender-fin 10`, `${B}: repaid.interest platform 0, lender-fin 5`, `${B}: repaid.principal platform 0, lender-fin 10000`, `${B}: outstandingPrincipal platform 10000, lender-fin 0`]);
    expect(f.lost).toEqual([`${B}: REPAYING at the end of the run`]);
    expect(financePassed(f)).toBe(false);
  });

  it('fails a run that planned financing and lent nothing', () => {
    expect(financePassed(financeChecks(driving, [], [], []))).toBe(false);
    expect(financePassed(financeChecks({ ...driving, planned: 0 }, [], [], []))).toBe(true);
  });
});

describe('chaos financing plan', () => {
  const bodies = Array.from({ length: 80 }, (_, i) => mixedShipment('CH', i));
  it('finances the share of the 9710 and 9810 consignments, every product with both lenders', () => {
    const plan = financingPlan(bodies, 0.4);
    expect(plan).toHaveLength(8); // 20 eligible
    expect(new Set(plan.map((p) => `${p.mode} ${p.product} ${p.lender}`))).toEqual(new Set([
      '9710 REFUND_BACKED lender-bank', '9710 RECEIVABLE_9710 lender-bank', '9710 REFUND_BACKED lender-fin', '9710 RECEIVABLE_9710 lender-fin',
      '9810 RECEIVABLE_9810_SALES lender-fin', '9810 REFUND_BACKED lender-fin', '9810 RECEIVABLE_9810_SALES lender-bank', '9810 REFUND_BACKED lender-bank',
    ]));
    expect(financingPlan(bodies.slice(0, 10), 1).map((p) => `${p.mode} ${p.product} ${p.lender}`)).toEqual(['9710 REFUND_BACKED lender-bank', '9810 RECEIVABLE_9810_SALES lender-fin']);
    expect(financingPlan(bodies, 0)).toEqual([]);
  });

  it('applies once the timeline allows it, and gives up once what repays the loan has come in', () => {
    const [refund, receivable, sales] = [financingPlan(bodies, 1)[0]!, financingPlan(bodies, 1)[2]!, financingPlan(bodies, 1)[1]!];
    expect([refund.product, receivable.product, sales.product]).toEqual(['REFUND_BACKED', 'RECEIVABLE_9710', 'RECEIVABLE_9810_SALES']);
    expect(readiness(refund, ['RELEASED'])).toBe('not-yet');
    expect(readiness(refund, ['PRE_REFUND_APPLIED'])).toBe('ready');
    expect(readiness(refund, ['REFUND_APPLIED', 'REFUND_PAID'])).toBe('REFUND_ALREADY_PAID');
    expect(readiness(receivable, ['DEPARTED'])).toBe('ready');
    expect(readiness(receivable, ['RELEASED', 'FX_SETTLED'])).toBe('ALREADY_COLLECTED');
    expect(readiness(sales, ['SALES_REPORTED', 'FX_SETTLED'])).toBe('not-yet');
    expect(readiness(sales, ['SALES_REPORTED', 'FX_SETTLED', 'SALES_REPORTED'])).toBe('ready');
  });
});
