import { condition } from '@temporalio/workflow';
import { outstanding } from '../../domain/finance/ledger.js';
import { sum } from '../../domain/finance/money.js';
import { poolShortfall, sweepPool, sweepReceipt } from '../../domain/finance/pool.js';
import { PRODUCT_TERMS } from '../../domain/finance/products.js';
import { shortfallDueDate } from '../../domain/finance/waterfall.js';
import { chinaDate, DAY, scaled } from '../../domain/time.js';
import { LoanStatus, type LoanState, type ReceivableLoanInput } from './contract.js';
import { LoanRun, maxDate } from './loan.js';
import { isLent, lendOnReceivables } from './receivable.workflow.js';

/**
 * A 9610 pool loan (RECEIVABLE_9610_POOL, issue 20): an advance on a pool of an enterprise's
 * released 9610 parcels, repaid from the parcels' FX proceeds as they settle. The lending steps are
 * every receivable loan's (receivable.workflow.ts lendOnReceivables); what differs is the repayment.
 *
 * Once a business day the loan reads its parcels (the shipments' own timelines, as the receivable
 * loan does) and sweeps what settled since the day before into **one** repayment instruction to the
 * collecting bank (`<disbursementId>-R<n>`), followed to the lender's confirmation before the next
 * sweep. One instruction per sweep, not per parcel: a pool is many small parcels (CNY 500 each at
 * the pool minimum) that settle on the same few days, the loan looks once a day anyway, and each
 * instruction is a transfer at the bank with its own confirmation and a few events in this
 * history; a sweep bounds both by days rather than parcels, at no cost in time.
 *
 * A parcel that ends without its proceeds settled (cancelled, failed, returned) drops out: when
 * the parcels still pending no longer cover the principal owed at the loan's advance rate
 * (domain/finance/pool.ts poolShortfall), the difference falls due after the product's grace days
 * (dueDate; OVERDUE if still uncovered then, waiting on for the parcels left). The loan closes
 * itself once nothing is outstanding, whatever is still pending (those proceeds are the enterprise's).
 *
 * Started for pools applied for from this workflow's introduction on (api/routes/finance.routes.ts);
 * pools started before it run on as receivableLoanWorkflow, unchanged.
 */
export async function poolLoanWorkflow(input: ReceivableLoanInput): Promise<LoanState> {
  const loan = new LoanRun(input);
  const { state } = loan;
  const lent = await lendOnReceivables(loan, () => loan.acts('Read the pooled parcels').readReceivables({ loanId: input.loanId, shipmentIds: input.shipmentIds }));
  if (!isLent(lent)) return lent;
  const { refs, financedValue, shipments, offer, d } = lent;
  const valueOf = new Map(shipments.map((s) => [s.shipmentId, s.valueFen ?? 0]));
  const graceDays = PRODUCT_TERMS[input.product].shortfallGraceDays;
  const overdueAt = Date.now() + scaled(offer.tenorDays * DAY, input.timeScale);
  const swept: string[] = [];
  const dropped: string[] = [];
  let on = d.valueDate;
  let shortfallDueAt: number | undefined;

  for (let n = 1; ; ) {
    const awaited = refs.filter((ref) => !swept.includes(ref) && !dropped.includes(ref));
    const sweep = sweepPool(refs, await loan.acts('Read the parcels still awaited').readPoolParcels({ loanId: input.loanId, shipmentIds: awaited }), { swept, dropped });
    dropped.push(...sweep.dropped);
    if (sweep.settled.length > 0) {
      // interest to the latest settlement, the waterfall, one instruction for the day's parcels, its confirmation
      const receipt = sweepReceipt(sweep.settled);
      on = maxDate(on, receipt.on);
      await loan.repay(d, offer, receipt.cny, on, `${d.disbursementId}-R${n++}`);
      swept.push(...sweep.settled.map((s) => s.ref));
    }
    const owed = outstanding(loan.ledger);
    if (owed.total === 0) return loan.end(LoanStatus.CLOSED);

    const shortfall = poolShortfall(owed, sum(sweep.pending.map((ref) => valueOf.get(ref) ?? 0)), d.amount, financedValue);
    if (shortfall > 0 && shortfallDueAt === undefined) {
      shortfallDueAt = Date.now() + scaled(graceDays * DAY, input.timeScale);
      state.dueDate = shortfallDueDate(maxDate(chinaDate(Date.now()), on), graceDays, d.maturityDate);
      await loan.setStatus(state.status, `SHORTFALL: ${shortfall} fen not covered by the ${sweep.pending.length} parcels still to settle (dropped out: ${dropped.join(', ')}), due ${state.dueDate}`);
    } else if (shortfall === 0 && shortfallDueAt !== undefined) {
      shortfallDueAt = undefined;
      state.dueDate = d.maturityDate;
      await loan.setStatus(state.status, 'the shortfall is covered by the parcels settled since');
    }
    const shortfallDue = shortfallDueAt !== undefined && Date.now() >= shortfallDueAt;
    // nothing left to settle and the shortfall due: nothing more will repay the loan
    if (shortfallDue && sweep.pending.length === 0) return loan.end(LoanStatus.OVERDUE, `SHORTFALL: ${owed.total} fen outstanding since ${state.dueDate}; no parcel of the pool is left to settle`);
    if (state.status !== LoanStatus.OVERDUE && shortfallDue) await loan.setStatus(LoanStatus.OVERDUE, `SHORTFALL: ${shortfall} fen not covered by the parcels still to settle since ${state.dueDate}`);
    if (state.status !== LoanStatus.OVERDUE && Date.now() >= overdueAt) await loan.setStatus(LoanStatus.OVERDUE, `MATURED: ${sweep.pending.length} parcels not settled at maturity (${chinaDate(Date.now())})`);
    await condition(() => false, scaled(DAY, input.timeScale));
  }
}
