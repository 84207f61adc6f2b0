import { ApplicationFailure, condition, isCancellation, patched, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';
import { accrueInterest, applyReceipt, emptyLedger, outstanding, post, type LoanLedger } from '../../domain/finance/ledger.js';
import { toMinor } from '../../domain/finance/money.js';
import { PRODUCT_TERMS, type FinanceProduct } from '../../domain/finance/products.js';
import { shortfallDueDate, type Waterfall } from '../../domain/finance/waterfall.js';
import { DAY, scaled } from '../../domain/time.js';
import { SearchAttr } from '../contract.js';
import { outsideCall } from '../shipment/options.js';
import { acceptOffer, getLoan, lenderEventReceived, LoanStatus, type LenderSignal, type LoanInput, type LoanOffer, type LoanState } from './contract.js';

/** What a loan workflow adds to the shared run: its noun in messages, its own state fields, what to undo when it ends before money is lent. */
export interface LoanRunOptions<S extends LoanState> {
  /** 'loan' unless told (the stock pledge says 'pledge'). */
  noun?: string;
  /** The initial state when the workflow's state has fields of its own (the pledge's lines). */
  state?: S;
  /** Runs before the loan ends without money lent (REJECTED, OFFER_EXPIRED after the offer): the pledge lets its units go. */
  beforeUnlentEnd?: () => Promise<void>;
}

/**
 * The steps every loan workflow shares (refund.workflow.ts, receivable.workflow.ts,
 * pledge.workflow.ts): its state with the query, the lender's callbacks (de-duplicated by eventId),
 * the accept update, the lender's decision, acceptance and disbursement, and repayments from the
 * money that came in. A loan workflow adds what backs it: how it is found eligible and how the
 * repaying money is learnt.
 */
export class LoanRun<S extends LoanState = LoanState> {
  readonly state: S;
  ledger: LoanLedger;
  private readonly inbox: LenderSignal[] = [];
  private readonly seen = new Set<string>();
  private accepted = false;
  /** The status last written to the projection: the accept update answers once the API can read it. */
  private projected: LoanStatus;

  constructor(
    readonly input: LoanInput,
    private readonly options: LoanRunOptions<S> = {},
  ) {
    this.state = options.state ?? ({ status: LoanStatus.APPLIED, entries: [], repayments: [] } as LoanState as S);
    this.projected = this.state.status;
    this.ledger = emptyLedger(input.loanId, 'CNY');
    setHandler(getLoan, () => this.state);
    setHandler(lenderEventReceived, (e) => {
      if (this.seen.has(e.eventId)) return; // the same callback delivered again
      this.seen.add(e.eventId);
      this.inbox.push(e);
    });
    setHandler(
      acceptOffer,
      async (_by: { actor: string }) => {
        this.accepted = true;
        await condition(() => this.state.status !== LoanStatus.OFFERED && this.projected === this.state.status);
        return this.state;
      },
      { validator: (_by: { actor: string }) => { if (this.state.status !== LoanStatus.OFFERED || this.accepted) throw ApplicationFailure.create({ type: 'LOAN_NOT_OFFERED', message: `the ${this.options.noun ?? 'loan'} is ${this.state.status}${this.accepted ? ' (accepted)' : ''}; only an offer not yet accepted can be accepted`, nonRetryable: true }); } },
    );
  }

  acts(summary: string) {
    return proxyActivities<Activities>({ ...outsideCall(this.input.timeScale), summary });
  }

  async setStatus(status: LoanStatus, reason?: string): Promise<void> {
    this.state.status = status;
    if (reason !== undefined) this.state.reason = reason;
    this.state.entries = [...this.ledger.entries];
    upsertSearchAttributes([{ key: SearchAttr.LoanStatus, value: status }]);
    await this.acts(`Record ${this.options.noun ?? 'loan'} ${status}`).projectLoan({ loanId: this.input.loanId, state: this.state });
    this.projected = status;
  }

  async end(status: LoanStatus, reason?: string): Promise<S> {
    await this.setStatus(status, reason);
    return this.state;
  }

  /** Ends the loan without money lent, after what the workflow undoes then (options.beforeUnlentEnd). */
  async endUnlent(status: LoanStatus, reason: string): Promise<S> {
    if (this.options.beforeUnlentEnd) await this.options.beforeUnlentEnd();
    return this.end(status, reason);
  }

  /** Takes the first lender callback that matches out of the inbox. */
  take(match: (e: LenderSignal) => boolean): LenderSignal | undefined {
    const i = this.inbox.findIndex(match);
    return i < 0 ? undefined : this.inbox.splice(i, 1)[0];
  }

  /** Whether a lender callback that matches waits in the inbox. */
  has(match: (e: LenderSignal) => boolean): boolean {
    return this.inbox.some(match);
  }

  /** The lender's decision on the application (documents sent again when asked): its offer, or the loan ended. */
  async decision(applicationId: string, digest: string): Promise<LoanOffer | S> {
    const { input } = this;
    this.state.applicationId = applicationId;
    await this.setStatus(LoanStatus.APPLIED);
    for (let round = 1; ; round++) {
      let decision: LenderSignal | undefined;
      await condition(() => (decision = this.take((e) => 'applicationId' in e && e.applicationId === applicationId)) !== undefined);
      if (decision!.type === 'REJECTED') return this.endUnlent(LoanStatus.REJECTED, `${decision!.reason.code}: ${decision!.reason.text}`);
      if (decision!.type === 'DOCUMENTS_REQUIRED') {
        await this.setStatus(LoanStatus.DOCUMENTS_REQUIRED, `${decision!.documents.join(', ')}: ${decision!.text}`);
        await this.acts('Send the documents asked for').submitLoanDocuments({ loanId: input.loanId, lender: input.lender, applicationId, digest, round });
        await this.setStatus(LoanStatus.APPLIED);
        continue;
      }
      if (decision!.type === 'APPROVED') {
        const o = decision!.offer;
        const offer: LoanOffer = { ...o, limit: toMinor(o.limit, 'CNY'), fee: toMinor(o.fee, 'CNY') };
        this.state.offer = offer;
        await this.setStatus(LoanStatus.OFFERED);
        return offer;
      }
    }
  }

  /**
   * The enterprise accepts before the offer expires; acceptance is recorded (ACCEPTED, patch
   * 'loan-accept-recorded': the accept call answers then, not after the lender disbursed), then the
   * offer is drawn once under its key, the activity retrying while the lender is down.
   */
  async acceptAndDisburse(applicationId: string, offer: LoanOffer): Promise<Disbursed | S> {
    const { input } = this;
    if (!(await condition(() => this.accepted, Math.max(Date.parse(offer.expiresAt) - Date.now(), 1)))) return this.endUnlent(LoanStatus.OFFER_EXPIRED, `offer ${offer.offerId} expired at ${offer.expiresAt}`);
    if (patched('loan-accept-recorded')) await this.setStatus(LoanStatus.ACCEPTED);
    let d: Disbursed;
    try {
      d = await this.acts('Draw the offer').disburseLoan({ input, applicationId, offer, amount: Math.min(input.requested, offer.limit) });
    } catch (err) {
      if (isCancellation(err)) throw err;
      return this.endUnlent(LoanStatus.OFFER_EXPIRED, `the lender refused the draw: ${causeOf(err)}`);
    }
    this.ledger = post(this.ledger, { key: `${input.loanId}:disbursed`, kind: 'DISBURSED', principal: d.amount, on: d.valueDate }).ledger;
    if (d.fee > 0) this.ledger = post(this.ledger, { key: `${input.loanId}:fee`, kind: 'FEE_CHARGED', fees: d.fee, on: d.valueDate }).ledger;
    Object.assign(this.state, { disbursementId: d.disbursementId, valueDate: d.valueDate, maturityDate: d.maturityDate, dueDate: d.maturityDate });
    await this.setStatus(LoanStatus.DISBURSED);
    return d;
  }

  /**
   * One repayment of `amount` received on `on`: interest to that day, the waterfall, the
   * instruction `instructionId` to the collecting bank (REPAYING meanwhile) followed to the lender's
   * confirmation. Returns the lender's part.
   */
  async repay(d: Disbursed, offer: LoanOffer, amount: number, on: string, instructionId: string): Promise<Waterfall['toLender']> {
    const { input } = this;
    this.ledger = accrueInterest(this.ledger, { annualRateBp: offer.annualRateBp, dayCount: offer.dayCount }, on).ledger;
    const receipt = applyReceipt(this.ledger, `${input.loanId}:repaid:${instructionId}`, amount, on);
    const w = receipt.waterfall.toLender;
    this.state.repayments = [...this.state.repayments, { instructionId, amount: w.total, fees: w.fees, interest: w.interest, principal: w.principal, toEnterprise: receipt.waterfall.toEnterprise, status: 'INSTRUCTED' }];
    await this.setStatus(LoanStatus.REPAYING);
    if (w.total > 0) {
      await this.acts('Instruct the repayment').instructRepayment({ loanId: input.loanId, lender: input.lender, disbursementId: d.disbursementId, instructionId, fees: w.fees, interest: w.interest, principal: w.principal });
      let confirmed: LenderSignal | undefined;
      await condition(() => (confirmed = this.take((e) => e.type === 'REPAYMENT_CONFIRMED' && e.instructionId === instructionId)) !== undefined);
      const valueDate = confirmed!.type === 'REPAYMENT_CONFIRMED' ? confirmed!.valueDate : on;
      this.state.repayments = this.state.repayments.map((r) => (r.instructionId === instructionId ? { ...r, status: 'CONFIRMED' as const, valueDate } : r));
      this.ledger = receipt.ledger;
    }
    return w;
  }

  /**
   * Money received for the loan on `paidOn` (refund paid, FX proceeds settled), repaid at once
   * (repay); CLOSED when nothing is left, else the shortfall falls due after the product's grace
   * days (business time) and the loan ends OVERDUE.
   */
  async repayFrom(product: FinanceProduct, d: Disbursed, offer: LoanOffer, received: number, paidOn: string): Promise<S> {
    const { input } = this;
    await this.repay(d, offer, received, paidOn, `${d.disbursementId}-R1`);
    if (outstanding(this.ledger).total === 0) return this.end(LoanStatus.CLOSED);
    const due = shortfallDueDate(paidOn, PRODUCT_TERMS[product].shortfallGraceDays, d.maturityDate);
    this.state.dueDate = due;
    await this.setStatus(LoanStatus.REPAYING, `shortfall of ${outstanding(this.ledger).total} fen due ${due}`);
    await condition(() => false, scaled(PRODUCT_TERMS[product].shortfallGraceDays * DAY, input.timeScale));
    return this.end(LoanStatus.OVERDUE, `SHORTFALL: ${outstanding(this.ledger).total} fen outstanding since ${due}`);
  }
}

export type Disbursed = Awaited<ReturnType<Activities['disburseLoan']>>;

export const isOffer = (x: LoanOffer | LoanState): x is LoanOffer => 'offerId' in x;
export const isDisbursed = (x: Disbursed | LoanState): x is Disbursed => 'disbursementId' in x && 'amount' in x;
export const maxDate = (a: string, b: string) => (a > b ? a : b);
/** The message of an activity failure's cause (the adapter's answer), for a status reason. */
export const causeOf = (err: unknown) => ((err as Error).cause instanceof Error ? (err as Error & { cause: Error }).cause.message : String(err));
