import { condition } from '@temporalio/workflow';
import { advanceLimit } from '../../domain/finance/limits.js';
import { PRODUCT_TERMS } from '../../domain/finance/products.js';
import { receivableBasis, receivableProceeds, type ReceivableShipment } from '../../domain/finance/receivables.js';
import { chinaDate, DAY, scaled } from '../../domain/time.js';
import { LoanStatus, type LoanOffer, type LoanState, type ReceivableLoanInput } from './contract.js';
import { isDisbursed, isOffer, LoanRun, maxDate, type Disbursed } from './loan.js';

/**
 * Receivable (order) financing (订单融资, issue 20): an advance on a 9710 consignment after customs
 * release or departure, on the 9810 goods actually sold abroad and not yet collected, or on a pool
 * of an enterprise's released 9610 parcels; repaid from the FX proceeds by an instruction to the
 * collecting bank that the lender confirms by callback. Id: contract.ts receivableLoanId.
 *
 * How the loan learns the FX settlement: it reads the shipment's own timeline from the projection
 * (FX_SETTLED, written by the shipment workflow's fx.ts) once a business day, as the refund loan
 * polls the tax bureau. The shipment workflow, its determinism and its replay histories are
 * unchanged, and a loan opened late, or whose shipment is reset, still finds the settlement.
 */
export async function receivableLoanWorkflow(input: ReceivableLoanInput): Promise<LoanState> {
  const loan = new LoanRun(input);
  const { state } = loan;
  const read = () => loan.acts('Read the financed shipments').readReceivables({ loanId: input.loanId, shipmentIds: input.shipmentIds });
  const lent = await lendOnReceivables(loan, read);
  if (!isLent(lent)) return lent;
  const { refs, d, offer } = lent;

  // 6. wait for the financed proceeds settled; past maturity (business time) OVERDUE, still waiting
  const overdueAt = Date.now() + scaled(offer.tenorDays * DAY, input.timeScale);
  for (;;) {
    const proceeds = receivableProceeds(refs, await read());
    if (proceeds.state === 'SETTLED') {
      // 7-8. interest to the settlement day, the waterfall, the instruction and its confirmation
      return loan.repayFrom(input.product, d, offer, proceeds.cny, maxDate(proceeds.on, d.valueDate));
    }
    if (proceeds.state === 'LOST') return loan.end(LoanStatus.OVERDUE, `PROCEEDS_NOT_COLLECTED: ${proceeds.ref} ended without its FX settled; everything outstanding is due`);
    if (state.status !== LoanStatus.OVERDUE && Date.now() >= overdueAt) await loan.setStatus(LoanStatus.OVERDUE, `MATURED: the proceeds are not settled at maturity (${chinaDate(Date.now())})`);
    await condition(() => false, scaled(DAY, input.timeScale));
  }
}

/** A receivable loan lent: what it finances (refs, their value, the shipments as first read), the offer drawn and the disbursement. */
export interface Lent {
  refs: string[];
  financedValue: number;
  shipments: ReceivableShipment[];
  offer: LoanOffer;
  d: Disbursed;
}

export const isLent = (x: Lent | LoanState): x is Lent => 'refs' in x && 'd' in x;

/**
 * Steps 1-5 of every receivable loan (this workflow and pool.workflow.ts): what the platform's own
 * facts let be financed now within the product's ratio, the evidence disclosed under consent, the
 * application and the lender's decision, acceptance and the disbursement. The loan's end when it
 * went no further.
 */
export async function lendOnReceivables(loan: LoanRun, read: () => Promise<ReceivableShipment[]>): Promise<Lent | LoanState> {
  const input = loan.input as ReceivableLoanInput;
  const { state } = loan;
  // 1. what the platform's own facts let be financed now, within the product's ratio
  const shipments = await read();
  const { basis, refs } = receivableBasis(input.product, shipments);
  const limit = advanceLimit(basis);
  if (!limit.eligible) return loan.end(LoanStatus.DECLINED, `${limit.reason}: ${limit.detail}`);
  if (input.requested > limit.limit) return loan.end(LoanStatus.DECLINED, `REQUESTED_ABOVE_LIMIT: at most ${limit.limit} fen (${limit.ratioBp / 100} % of ${limit.financedValue} fen financed)`);
  state.financed = { refs, value: limit.financedValue };

  // 2. the evidence of every financed shipment goes to the lender only under the enterprise's consent, logged
  const financedShipments = [...new Set(refs.map((r) => r.split('#')[0]!))];
  const disclosure = await loan.acts('Disclose the evidence under consent').discloseReceivableEvidence({ loanId: input.loanId, enterpriseId: input.enterpriseId, lender: input.lender, shipmentIds: financedShipments });
  if (!disclosure.disclosed) return loan.end(LoanStatus.CONSENT_REFUSED, disclosure.reason);

  // 3. apply, then the lender's decision by callback
  const { applicationId } = await loan.acts(`Apply to ${input.lender}`).applyForReceivableLoan({ input, financedValue: limit.financedValue, digest: disclosure.digest, tenorDays: PRODUCT_TERMS[input.product].maxTenorDays });
  const offer = await loan.decision(applicationId, disclosure.digest);
  if (!isOffer(offer)) return offer;

  // 4-5. acceptance recorded, then disbursement once, under its key
  const d = await loan.acceptAndDisburse(applicationId, offer);
  if (!isDisbursed(d)) return d;
  return { refs, financedValue: limit.financedValue, shipments, offer, d };
}
