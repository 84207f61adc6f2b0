import { ApplicationFailure, condition, isCancellation, setHandler } from '@temporalio/workflow';
import { balances, outstanding } from '../../domain/finance/ledger.js';
import { advanceLimit } from '../../domain/finance/limits.js';
import { proRataRelease } from '../../domain/finance/pledge.js';
import { PRODUCT_TERMS } from '../../domain/finance/products.js';
import { chinaDate, DAY, scaled } from '../../domain/time.js';
import { LoanStatus } from './contract.js';
import { causeOf, isDisbursed, isOffer, LoanRun, maxDate } from './loan.js';
import { getPledge, repayPledge, type StockPledgeInput, type StockPledgeState } from './pledge-contract.js';

/**
 * Stock pledge (仓单质押, issue 20): a loan against units in a 9810 overseas warehouse (the
 * warehouse holds them as custodian) or, where customs permits, in the 1210 bonded centre. The
 * units are locked in the stock ledger before the lender sees anything: no order can reserve them
 * (409 STOCK_PLEDGED) until the lender releases them (COLLATERAL_RELEASED callback → signal) or the
 * enterprise repays (units released pro rata to the principal repaid, all once repaid). A sale the
 * warehouse reports out of pledged units is recorded (it happened) and puts the pledge in
 * BREACHED: everything outstanding is due at once and ops see it by LoanStatus. Id
 * pledge:<enterpriseId>:<pledgeNo>; the platform moves no money (docs/finance.md). The lender's
 * side (decision, acceptance, draw, each repayment) is the loans' own: loan.ts LoanRun.
 */
export async function stockPledgeWorkflow(input: StockPledgeInput): Promise<StockPledgeState> {
  const loan: LoanRun<StockPledgeState> = new LoanRun(input, {
    noun: 'pledge',
    state: { status: LoanStatus.APPLIED, entries: [], repayments: [], lines: [] },
    // every end before money is lent lets the locked units go
    beforeUnlentEnd: () => releaseAll('end'),
  });
  const { state } = loan;
  const acts = (summary: string) => loan.acts(summary);
  const pledge = { loanId: input.loanId, enterpriseId: input.enterpriseId, system: input.system, warehouseCode: input.warehouseCode };
  const repayments: { amount: number; instructionId: string }[] = [];
  setHandler(getPledge, () => state);
  const repayable = () => state.disbursementId !== undefined && outstanding(loan.ledger).total > 0 && state.status !== LoanStatus.CLOSED;
  setHandler(
    repayPledge,
    (req: { amount: number; actor: string }) => {
      const instructionId = `${state.disbursementId}-R${state.repayments.length + repayments.length + 1}`;
      repayments.push({ amount: req.amount, instructionId });
      return { instructionId };
    },
    {
      validator: (req: { amount: number; actor: string }) => {
        if (!repayable()) throw ApplicationFailure.create({ type: 'PLEDGE_NOT_REPAYABLE', message: `the pledge is ${state.status}: nothing is outstanding to repay`, nonRetryable: true });
        if (!Number.isSafeInteger(req.amount) || req.amount <= 0) throw ApplicationFailure.create({ type: 'INVALID_AMOUNT', message: 'the amount must be a positive number of fen', nonRetryable: true });
      },
    },
  );

  const readLines = async () => {
    state.lines = await acts('Read the pledged units').pledgeLines({ loanId: input.loanId });
  };
  const release = async (lines: { sku: string; qty: number }[], releaseRef: string) => {
    if (lines.length === 0) return;
    await acts(`Release pledged units (${releaseRef})`).releasePledgedStock({ pledge, lines, releaseRef });
    await readLines();
  };
  const releaseAll = async (releaseRef: string) => release(state.lines.filter((l) => l.locked > 0).map((l) => ({ sku: l.sku, qty: l.locked })), releaseRef);

  // 1. the value the platform allows (after the haircut), before anything is locked or disclosed
  const limit = advanceLimit({ product: 'STOCK_PLEDGE', custody: input.custody, customsPermitsBondedPledge: input.customsPermitsBondedPledge, units: input.lines.map((l) => ({ qty: l.qty, unitValue: l.unitValue, pledged: false })) });
  if (!limit.eligible) return loan.end(LoanStatus.DECLINED, `${limit.reason}: ${limit.detail}`);
  if (input.requested > limit.limit) return loan.end(LoanStatus.DECLINED, `REQUESTED_ABOVE_LIMIT: at most ${limit.limit} fen (${limit.ratioBp / 100} % of the stock's value after its haircut)`);

  // 2. lock the units: from here no order can take them
  try {
    await acts('Lock the pledged units').lockPledgedStock({ pledge, lines: input.lines.map((l) => ({ sku: l.sku, qty: l.qty })) });
  } catch (err) {
    if (isCancellation(err)) throw err;
    return loan.end(LoanStatus.DECLINED, `NO_UNPLEDGED_STOCK: ${causeOf(err)}`);
  }
  await readLines();
  await loan.setStatus(LoanStatus.APPLIED);

  // 3. the evidence (the stock) goes to the lender only under consent; apply; the lender decides by callback
  const disclosure = await acts('Disclose the pledged stock under consent').disclosePledgeEvidence({ pledge, lender: input.lender, skus: input.lines.map((l) => l.sku) });
  if (!disclosure.disclosed) return loan.endUnlent(LoanStatus.CONSENT_REFUSED, disclosure.reason);
  const tenorDays = PRODUCT_TERMS.STOCK_PLEDGE.maxTenorDays;
  const { applicationId } = await acts(`Apply to ${input.lender}`).applyForPledgeLoan({ input, financedValue: limit.financedValue, digest: disclosure.digest, tenorDays });
  const offer = await loan.decision(applicationId, disclosure.digest);
  if (!isOffer(offer)) return offer;

  // 4. acceptance recorded, then disbursement once, under its key
  const d = await loan.acceptAndDisburse(applicationId, offer);
  if (!isDisbursed(d)) return d;

  // 5. until repaid and every unit released: the enterprise's repayments, the lender's releases, breaches, maturity
  const overdueAt = Date.now() + scaled(offer.tenorDays * DAY, input.timeScale);
  let checkAt = Date.now();
  for (;;) {
    if (outstanding(loan.ledger).total === 0 && state.lines.every((l) => l.locked === 0)) return loan.end(LoanStatus.CLOSED);
    const released = loan.take((e) => e.type === 'COLLATERAL_RELEASED');
    if (released?.type === 'COLLATERAL_RELEASED') {
      const named = released.lines ?? state.lines.map((l) => ({ sku: l.sku, qty: l.locked }));
      await release(named.map((r) => ({ sku: r.sku, qty: Math.min(r.qty, state.lines.find((l) => l.sku === r.sku)?.locked ?? 0) })).filter((r) => r.qty > 0), released.releaseId);
      await loan.setStatus(state.status, `released by ${input.lender} (${released.releaseId})`);
      continue;
    }
    const next = repayments.shift();
    if (next) {
      // the enterprise's repayment: interest to today, the waterfall, the instruction and its confirmation; units released pro rata
      const before = state.status;
      const w = await loan.repay(d, offer, next.amount, maxDate(chinaDate(Date.now()), d.valueDate), next.instructionId);
      const principal = balances(loan.ledger).principal;
      await release(proRataRelease(state.lines, principal.charged, principal.outstanding), next.instructionId);
      await loan.setStatus(before === LoanStatus.BREACHED || before === LoanStatus.OVERDUE ? before : LoanStatus.DISBURSED, `repaid ${w.principal} fen of principal; ${principal.outstanding} fen outstanding`);
      continue;
    }
    if (Date.now() >= checkAt) {
      checkAt = Date.now() + scaled(DAY, input.timeScale);
      await readLines();
      const breached = state.lines.filter((l) => l.breached > 0);
      if (breached.length > 0 && state.status !== LoanStatus.BREACHED) {
        await loan.setStatus(LoanStatus.BREACHED, `PLEDGED_UNITS_SOLD: the warehouse reported ${breached.map((l) => `${l.sku} ×${l.breached}`).join(', ')} sold while pledged; everything outstanding is due now`);
        continue;
      }
      if (state.status === LoanStatus.DISBURSED && Date.now() >= overdueAt && outstanding(loan.ledger).total > 0) await loan.setStatus(LoanStatus.OVERDUE, 'MATURED: not repaid at maturity; the units stay pledged');
    }
    await condition(() => loan.has((e) => e.type === 'COLLATERAL_RELEASED') || repayments.length > 0, Math.max(checkAt - Date.now(), 1));
  }
}
