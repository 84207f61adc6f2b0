import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { LenderPort } from '../adapters/lender/port.js';
import type { Db } from '../db/client.js';
import type { EvidenceSigner } from '../config/evidence-key.js';
import { discloseOnce, nonEmpty, signedEvidenceFor, type Disclosed } from '../db/finance-consent.js';
import { PLEDGE_FACTS, pledgeEvidence, projectLoan, RECEIVABLE_LOAN_FACTS, receivableShipments, REFUND_LOAN_FACTS, shipmentEvidence } from '../db/finance-loans.js';
import { InsufficientStock, moveStock, pledgeLinesOf } from '../db/stock.js';
import { BONDED_SYSTEM } from '../domain/counterparts.js';
import type { DisclosureSubject, EvidenceSource } from '../domain/finance/consent.js';
import { formatMinor, toMinor } from '../domain/finance/money.js';
import { parcelNow, type ParcelNow } from '../domain/finance/pool.js';
import type { ReceivableShipment } from '../domain/finance/receivables.js';
import type { LoanInput, LoanOffer, LoanState, ReceivableLoanInput, RefundLoanInput } from '../workflows/finance/contract.js';
import type { PledgeLineView, StockPledgeInput } from '../workflows/finance/pledge-contract.js';
import { callOutside } from './failures.js';

/** Where a pledge's units lie. */
type PledgedStock = Pick<StockPledgeInput, 'loanId' | 'enterpriseId' | 'system' | 'warehouseCode'>;

export interface FinanceDeps {
  db: Db;
  /** Lender clients by system id (worker/worker.ts createPorts). */
  lenders: Record<string, LenderPort>;
  /** The platform's evidence-signing key (config/evidence-key.ts): every disclosed package is signed. */
  evidenceSigner: EvidenceSigner;
}

/**
 * The loan workflows' side effects (workflows/finance/): the evidence disclosed under consent,
 * every lender call under the loan's idempotency keys, and the projection with the ledger.
 * Amounts cross the workflow boundary in minor units (fen); the lender's API speaks decimals.
 */
export const createFinanceActivities = (deps: FinanceDeps) => {
  const lender = (system: string): LenderPort => {
    const port = deps.lenders[system];
    if (!port) throw ApplicationFailure.create({ type: 'UNKNOWN_LENDER', message: `no lender ${system} is configured`, nonRetryable: true });
    return port;
  };
  /** Discloses `facts` about one subject to the lender under the enterprise's consent, once per loan and subject. */
  const discloseToLender = (req: { loanId: string; enterpriseId: string; lender: string }, subjectId: string, facts: readonly string[], evidence: () => Promise<{ subject: DisclosureSubject; source: EvidenceSource }>) =>
    discloseOnce(deps.db, { enterpriseId: req.enterpriseId, recipient: req.lender, purpose: 'FINANCING', purposeRef: req.loanId, requested: facts, actor: `workflow:${req.loanId}`, signer: deps.evidenceSigner }, subjectId, evidence);
  /** One shipment's evidence (`facts`) under consent, once per loan and shipment. */
  const discloseShipment = (req: { loanId: string; enterpriseId: string; lender: string; shipmentId: string }, facts: readonly string[]) =>
    discloseToLender(req, req.shipmentId, facts, async () => {
      const { shipment, source } = await shipmentEvidence(deps.db, req.shipmentId);
      return { source, subject: { type: 'SHIPMENT', id: shipment.id, enterpriseId: req.enterpriseId, mode: shipment.mode as '9710' } };
    });
  /**
   * Applies to the lender with the evidence package's digest and the signed packages disclosed for
   * the loan (read from the disclosures, so the workflow's history carries only the digest); the
   * decision comes by callback.
   */
  const apply = async (i: LoanInput, a: { product: 'REFUND_BACKED' | 'STOCK_PLEDGE' | ReceivableLoanInput['product']; financedValue: string; tenorDays: number; documents: { type: 'EVIDENCE_PACKAGE' | 'REFUND_FILING' | 'WAREHOUSE_RECEIPT'; sha256: string }[] }) => {
    const signedEvidence = await signedEvidenceFor(deps.db, i.lender, i.loanId);
    const application = await callOutside(() =>
      lender(i.lender).apply(
        { reference: i.loanId, product: a.product, enterprise: i.enterprise, currency: 'CNY', requestedAmount: formatMinor(i.requested, 'CNY'), financedValue: a.financedValue, tenorDays: a.tenorDays, documents: a.documents, ...nonEmpty(signedEvidence) },
        `${i.loanId}:apply`,
      ),
    );
    return { applicationId: application.applicationId };
  };
  return {
    /** The refund-backed loan's evidence (the shipment's timeline and refund) under consent. */
    async discloseLoanEvidence(req: { loanId: string; enterpriseId: string; lender: string; shipmentId: string }): Promise<Disclosed> {
      return discloseShipment(req, REFUND_LOAN_FACTS);
    },

    /**
     * A receivable loan's evidence (timeline, goods, FX) for each shipment it finances, under
     * consent; refused as a whole when any shipment's disclosure is refused. The digest names them all.
     */
    async discloseReceivableEvidence(req: { loanId: string; enterpriseId: string; lender: string; shipmentIds: string[] }): Promise<Disclosed> {
      const digests: string[] = [];
      for (const shipmentId of req.shipmentIds) {
        const one = await discloseShipment({ ...req, shipmentId }, RECEIVABLE_LOAN_FACTS);
        if (!one.disclosed) return { disclosed: false, reason: `${one.reason} (${shipmentId})` };
        digests.push(one.digest);
      }
      return { disclosed: true, digest: digests.length === 1 ? digests[0]! : sha256(digests.join('\n')) };
    },

    /** Applies for a refund-backed loan (the refund filing named by digest). */
    async applyForLoan(req: { input: RefundLoanInput; refundCny: string; digest: string; tenorDays: number }): Promise<{ applicationId: string }> {
      const i = req.input;
      return apply(i, { product: 'REFUND_BACKED', financedValue: req.refundCny, tenorDays: req.tenorDays, documents: [{ type: 'EVIDENCE_PACKAGE', sha256: req.digest }, { type: 'REFUND_FILING', sha256: sha256(`${i.refundApplicationNo}:${i.declarationNo}`) }] });
    },

    /** Applies for receivable financing on the value the platform found (fen). */
    async applyForReceivableLoan(req: { input: ReceivableLoanInput; financedValue: number; digest: string; tenorDays: number }): Promise<{ applicationId: string }> {
      return apply(req.input, { product: req.input.product, financedValue: formatMinor(req.financedValue, 'CNY'), tenorDays: req.tenorDays, documents: [{ type: 'EVIDENCE_PACKAGE', sha256: req.digest }] });
    },

    /** The financed shipments as the platform's projection has them now (timeline, values, what other loans finance). */
    async readReceivables(req: { loanId: string; shipmentIds: string[] }): Promise<ReceivableShipment[]> {
      return receivableShipments(deps.db, req.loanId, req.shipmentIds);
    },

    /** A pool's parcels still awaited, as a sweep needs them (ended, settled): the pool loan's daily read. */
    async readPoolParcels(req: { loanId: string; shipmentIds: string[] }): Promise<ParcelNow[]> {
      return (await receivableShipments(deps.db, req.loanId, req.shipmentIds)).map(parcelNow);
    },

    /** Sends the documents a DOCUMENTS_REQUIRED decision asked for (the evidence package again, by digest, with the signed packages). */
    async submitLoanDocuments(req: { loanId: string; lender: string; applicationId: string; digest: string; round: number }): Promise<void> {
      const signedEvidence = await signedEvidenceFor(deps.db, req.lender, req.loanId);
      await callOutside(() => lender(req.lender).submitDocuments({ applicationId: req.applicationId, reference: req.loanId, documents: [{ type: 'EVIDENCE_PACKAGE', sha256: req.digest }], ...nonEmpty(signedEvidence) }, `${req.loanId}:documents:${req.round}`));
    },

    /** Draws the accepted offer, once (key `<loanId>:disburse`): the lender pays the enterprise's account and answers with the disbursement. */
    async disburseLoan(req: { input: Pick<LoanInput, 'loanId' | 'lender' | 'beneficiary'>; applicationId: string; offer: LoanOffer; amount: number }) {
      const i = req.input;
      const d = await callOutside(() =>
        lender(i.lender).disburse({ reference: i.loanId, applicationId: req.applicationId, offerId: req.offer.offerId, amount: formatMinor(req.amount, 'CNY'), currency: 'CNY', beneficiary: i.beneficiary }, `${i.loanId}:disburse`),
      );
      return { disbursementId: d.disbursementId, amount: toMinor(d.amount, 'CNY'), fee: toMinor(d.fee, 'CNY'), valueDate: d.valueDate, maturityDate: d.maturityDate };
    },

    /**
     * The repayment instruction: the collecting bank pays the lender its part of the refund (the
     * waterfall), the lender told under the instruction's id; REPAYMENT_CONFIRMED follows by callback.
     */
    async instructRepayment(req: { loanId: string; lender: string; disbursementId: string; instructionId: string; fees: number; interest: number; principal: number }): Promise<void> {
      const amount = req.fees + req.interest + req.principal;
      await callOutside(() =>
        lender(req.lender).repay(
          { reference: req.loanId, disbursementId: req.disbursementId, instructionId: req.instructionId, currency: 'CNY', amount: formatMinor(amount, 'CNY'), fees: formatMinor(req.fees, 'CNY'), interest: formatMinor(req.interest, 'CNY'), principal: formatMinor(req.principal, 'CNY') },
          `${req.loanId}:repay:${req.instructionId}`,
        ),
      );
    },

    /**
     * Stock pledge: locks the units in the stock ledger (db/stock.ts PLEDGED, once per pledge and
     * SKU); units not free (reserved, pledged elsewhere, not there) fail for good: NO_UNPLEDGED_STOCK.
     */
    async lockPledgedStock(req: { pledge: PledgedStock; lines: { sku: string; qty: number }[] }): Promise<void> {
      try {
        await moveStock(deps.db, req.lines.map((l) => stockMove(req.pledge, l, 'PLEDGED', `${req.pledge.loanId}:pledge:${l.sku}`)));
      } catch (err) {
        if (err instanceof InsufficientStock) throw ApplicationFailure.create({ type: 'NO_UNPLEDGED_STOCK', message: err.message, nonRetryable: true });
        throw err;
      }
    },

    /** Lets pledged units go (the lender's release, a pro rata release or the pledge's end), once per release reference and SKU. */
    async releasePledgedStock(req: { pledge: PledgedStock; lines: { sku: string; qty: number }[]; releaseRef: string }): Promise<void> {
      await moveStock(deps.db, req.lines.map((l) => stockMove(req.pledge, l, 'PLEDGE_RELEASED', `${req.pledge.loanId}:release:${req.releaseRef}:${l.sku}`)));
    },

    /** The pledge's lines as the stock ledger holds them: locked, released, and reported sold while pledged (a breach). */
    async pledgeLines(req: { loanId: string }): Promise<PledgeLineView[]> {
      return (await pledgeLinesOf(deps.db, req.loanId)).map((l) => ({ sku: l.sku, pledged: Number(l.pledged), locked: Number(l.locked), released: Number(l.released), breached: Number(l.breached) }));
    },

    /** Discloses the pledged stock (STOCK: balances and movements of its SKUs) to the lender under consent, once per pledge. */
    async disclosePledgeEvidence(req: { pledge: PledgedStock; lender: string; skus: string[] }): Promise<Disclosed> {
      const p = req.pledge;
      return discloseToLender({ ...p, lender: req.lender }, p.loanId, PLEDGE_FACTS, async () => ({
        source: await pledgeEvidence(deps.db, { enterpriseId: p.enterpriseId, system: p.system, warehouseCode: p.warehouseCode, skus: req.skus }),
        subject: { type: 'STOCK', id: p.loanId, enterpriseId: p.enterpriseId, mode: p.system === BONDED_SYSTEM ? '1210' : '9810' },
      }));
    },

    /** Applies for a stock-pledge loan on the pledged stock's value after its haircut; the decision comes by callback. */
    async applyForPledgeLoan(req: { input: StockPledgeInput; financedValue: number; digest: string; tenorDays: number }): Promise<{ applicationId: string }> {
      const i = req.input;
      const receipt = sha256(`${i.system}:${i.warehouseCode}:${i.lines.map((l) => `${l.sku}x${l.qty}`).join(',')}`);
      return apply(i, { product: 'STOCK_PLEDGE', financedValue: formatMinor(req.financedValue, 'CNY'), tenorDays: req.tenorDays, documents: [{ type: 'EVIDENCE_PACKAGE', sha256: req.digest }, { type: 'WAREHOUSE_RECEIPT', sha256: receipt }] });
    },

    /** Writes the loan's state and its new ledger entries (stored once per key) to PostgreSQL. */
    async projectLoan(req: { loanId: string; state: LoanState }): Promise<void> {
      await projectLoan(deps.db, req.loanId, req.state);
    },
  };
};


function stockMove(p: PledgedStock, l: { sku: string; qty: number }, kind: 'PLEDGED' | 'PLEDGE_RELEASED', eventKey: string) {
  return { eventKey, system: p.system, warehouseCode: p.warehouseCode, enterpriseId: p.enterpriseId, sku: l.sku, kind, qty: l.qty, reference: p.loanId };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
