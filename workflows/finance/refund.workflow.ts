import { condition } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';
import { advanceLimit } from '../../domain/finance/limits.js';
import { toMinor } from '../../domain/finance/money.js';
import { PRODUCT_TERMS } from '../../domain/finance/products.js';
import { chinaDate, DAY, scaled } from '../../domain/time.js';
import { LoanStatus, type RefundLoanInput, type RefundLoanState } from './contract.js';
import { isDisbursed, isOffer, LoanRun, maxDate } from './loan.js';

/**
 * Refund-backed loan (退税贷, issue 20): an advance against an export refund filed under its
 * 报关单号, repaid by instruction when the tax bureau pays the refund. Id loan:<enterpriseId>:<refund
 * application no>. The platform moves no money: the lender disburses, and the repayment is an
 * instruction to the collecting bank that the lender confirms by callback (docs/finance.md).
 * The refund's payment is read from the tax bureau (the shipment workflow's checkRefundStatus
 * activity), polled once a business day: the shipment workflow is not changed.
 */
export async function refundLoanWorkflow(input: RefundLoanInput): Promise<RefundLoanState> {
  const loan = new LoanRun(input);
  const { state } = loan;
  const acts = (summary: string) => loan.acts(summary);

  // 1. the refund as the tax bureau has it: filed, not paid, the advance within the product's ratio
  const refund = await acts('Read the refund filed').checkRefundStatus({ applicationNo: input.refundApplicationNo });
  const refundMinor = toMinor(refund.refundCny, 'CNY');
  const limit = advanceLimit({ product: 'REFUND_BACKED', refundFiled: refund.status === 'REVIEWING' || refund.status === 'APPROVED' || refund.status === 'PAID', refundAmount: refundMinor, refundPaid: refund.status === 'PAID', alreadyFinanced: false });
  if (!limit.eligible) return loan.end(LoanStatus.DECLINED, `${limit.reason}: ${limit.detail}`);
  if (input.requested > limit.limit) return loan.end(LoanStatus.DECLINED, `REQUESTED_ABOVE_LIMIT: at most ${limit.limit} fen (${limit.ratioBp / 100} % of the refund)`);

  // 2. the evidence goes to the lender only under the enterprise's consent, logged
  const disclosure = await acts('Disclose the evidence under consent').discloseLoanEvidence({ loanId: input.loanId, enterpriseId: input.enterpriseId, lender: input.lender, shipmentId: input.shipmentId });
  if (!disclosure.disclosed) return loan.end(LoanStatus.CONSENT_REFUSED, disclosure.reason);

  // 3. apply, then the lender's decision by callback
  const tenorDays = PRODUCT_TERMS.REFUND_BACKED.maxTenorDays;
  const { applicationId } = await acts(`Apply to ${input.lender}`).applyForLoan({ input, refundCny: refund.refundCny, digest: disclosure.digest, tenorDays });
  const offer = await loan.decision(applicationId, disclosure.digest);
  if (!isOffer(offer)) return offer;

  // 4-5. the enterprise accepts before the offer expires; disbursement once, under its key
  const d = await loan.acceptAndDisburse(applicationId, offer);
  if (!isDisbursed(d)) return d;

  // 6. wait for the refund paid; past maturity (business time) the loan is OVERDUE and keeps waiting
  const overdueAt = Date.now() + scaled(offer.tenorDays * DAY, input.timeScale);
  let paid: Awaited<ReturnType<Activities['checkRefundStatus']>>;
  for (;;) {
    paid = await acts(`Poll refund ${input.refundApplicationNo}`).checkRefundStatus({ applicationNo: input.refundApplicationNo });
    if (paid.status === 'PAID') break;
    if (paid.status === 'DENIED' || paid.status === 'CLOSED') return loan.end(LoanStatus.OVERDUE, `REFUND_${paid.status}: ${paid.reason ?? 'the refund will not be paid'}; everything outstanding is due`);
    if (state.status !== LoanStatus.OVERDUE && Date.now() >= overdueAt) await loan.setStatus(LoanStatus.OVERDUE, 'MATURED: the refund is not paid at maturity');
    await condition(() => false, scaled(DAY, input.timeScale));
  }

  // 7-8. interest to the day the refund was paid, the waterfall, the instruction and its confirmation; a shortfall falls due
  const paidOn = maxDate(paid.paidAt ? chinaDate(Date.parse(paid.paidAt)) : chinaDate(Date.now()), d.valueDate);
  return loan.repayFrom('REFUND_BACKED', d, offer, toMinor(paid.refundCny, 'CNY'), paidOn);
}
