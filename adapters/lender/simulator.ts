import { randomUUID } from 'node:crypto';
import { applyBp, formatMinor, isCurrency, toMinor, type CurrencyCode } from '../../domain/finance/money.js';
import { addDays, DAY_COUNT } from '../../domain/finance/interest.js';
import type { FinanceProduct } from '../../domain/finance/products.js';
import { chinaDate, DAY, scaled } from '../../domain/time.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../kit/simulator.js';
import { effectRoute, Rejection } from '../kit/effect-route.js';
import { checkEvidenceOn } from '../kit/evidence-check.js';
import type { EvidenceJwk } from '../kit/verify-evidence.js';
import {
  ApplyRequestSchema,
  DisburseRequestSchema,
  LenderErrorCode as E,
  RepayRequestSchema,
  SubmitDocumentsRequestSchema,
  type DocumentType,
  type LenderEvent,
  type Offer,
} from './port.js';

/** How one lender behaves: what it finances, on what terms, how fast it decides (README.md of each lender). */
export interface LenderProfile {
  system: string;
  /** Prefix of its numbers (applications, offers, disbursements, repayments). */
  prefix: string;
  currencies: readonly CurrencyCode[];
  /** The ratio it offers per product it finances (a product not listed: LENDER.PRODUCT_NOT_OFFERED). */
  ratioBp: Partial<Record<FinanceProduct, number>>;
  annualRateBp: number;
  feeBp: number;
  /** Largest single loan, in minor units of any currency it lends in. */
  maxLoan: number;
  /** Business time from application (or documents) to decision, and from repayment to confirmation. */
  decisionDelayMs: number;
  confirmDelayMs: number;
  offerValidityMs: number;
}

interface ApplicationState { id: string; reference: string; currency: CurrencyCode; product: FinanceProduct; requested: number; financedValue: number; tenorDays: number; status: 'UNDER_REVIEW' | 'APPROVED' | 'REJECTED' | 'DOCUMENTS_REQUIRED'; offer?: Offer & { expiresAtMs: number; drawn: boolean }; docsAsked: boolean }
interface LoanState { id: string; reference: string; currency: CurrencyCode; disbursed: number; fee: number; repaid: { fees: number; interest: number; principal: number }; maturityDate: string }

const today = () => chinaDate(Date.now());

/** A lender's trade-finance API (adapters/lender/README.md), behaving like the real one: asynchronous decisions, one draw per offer, repayments confirmed later. */
export interface LenderSimulatorOptions extends Omit<SimulatorOptions, 'system'> {
  system?: string;
  /** Real-time floor of an offer's life, default 60 s: at demo time scales its business days would pass before the draw arrives. */
  offerMinRealMs?: number;
  /**
   * The platform's published evidence keys (kit/evidence-check.ts): with them, an application or
   * documents naming an EVIDENCE_PACKAGE must carry signed packages that verify and are addressed
   * to this lender, else 422 LENDER.EVIDENCE_MISSING / LENDER.EVIDENCE_NOT_VERIFIED. Unset: not checked.
   */
  evidenceKeys?: () => Promise<EvidenceJwk[]>;
}

export function createLenderSimulator(profile: LenderProfile, opts: LenderSimulatorOptions): Simulator {
  const sim = createSimulator({ ...opts, system: opts.system ?? profile.system });
  const applications = new Map<string, ApplicationState>();
  const loans = new Map<string, LoanState>();
  /** The signed evidence each loan's application (and documents) carried, as received: GET /_evidence. */
  const evidence = new Map<string, unknown[]>();
  let serial = 0;
  const nextId = (kind: string) => `${profile.prefix}${kind}${today().replaceAll('-', '')}${String(++serial).padStart(6, '0')}`;

  sim.app.addHook('onRequest', async (req) => {
    if (req.method === 'POST' && req.url === '/_control/reset') {
      applications.clear();
      loans.clear();
      evidence.clear();
    }
  });

  if (opts.evidenceKeys) {
    checkEvidenceOn(sim.app, profile.system, { keys: opts.evidenceKeys, routes: ['/v1/applications', '/v1/applications/:id/documents'],
      required: (body) => (Array.isArray(body.documents) && body.documents.some((d: { type?: unknown }) => d?.type === 'EVIDENCE_PACKAGE') ? 'EVIDENCE_PACKAGE is named by digest but its signed package was not sent (signedEvidence)' : undefined),
      codes: { missing: E.EvidenceMissing, notVerified: E.EvidenceNotVerified } });
  }

  const send = (event: LenderEvent) => sim.sendCallback(JSON.stringify(event), 'application/json');
  const base = (reference: string) => ({ eventId: `evt_${randomUUID()}`, reference, at: new Date().toISOString() });

  function currencyOf(code: string): CurrencyCode {
    if (!isCurrency(code) || !profile.currencies.includes(code)) throw new Rejection(422, E.CurrencyNotSupported, `${profile.system} does not lend in ${code}`);
    return code;
  }

  /** The decision, after the profile's delay: scenarios per reference, else approve within the ratio and the single-loan maximum. */
  function decideLater(a: ApplicationState) {
    const scenario = sim.scenario(a.reference);
    sim.later(profile.decisionDelayMs, async () => {
      if (applications.get(a.id) !== a) return; // reset since
      if (scenario?.name === 'reject') {
        a.status = 'REJECTED';
        const code = typeof scenario.params.code === 'string' ? scenario.params.code : 'CREDIT_POLICY';
        const text = typeof scenario.params.reason === 'string' ? scenario.params.reason : 'outside the lender’s credit policy';
        return void (await send({ ...base(a.reference), type: 'REJECTED', applicationId: a.id, reason: { code, text } }));
      }
      if (scenario?.name === 'more-documents' && !a.docsAsked) {
        a.status = 'DOCUMENTS_REQUIRED';
        a.docsAsked = true;
        const documents = (Array.isArray(scenario.params.documents) ? scenario.params.documents : ['SALES_CONTRACT']) as DocumentType[];
        return void (await send({ ...base(a.reference), type: 'DOCUMENTS_REQUIRED', applicationId: a.id, documents, text: 'please send the documents listed' }));
      }
      const ratioBp = profile.ratioBp[a.product]!;
      const limit = Math.min(a.requested, applyBp(a.financedValue, ratioBp, 'FLOOR'), profile.maxLoan);
      if (limit <= 0) {
        a.status = 'REJECTED';
        return void (await send({ ...base(a.reference), type: 'REJECTED', applicationId: a.id, reason: { code: 'NO_ADVANCE', text: 'the financed value allows no advance' } }));
      }
      const expiresAtMs = Date.now() + scaled(profile.offerValidityMs, opts.timeScale, opts.offerMinRealMs ?? 60_000);
      const offer: Offer = {
        offerId: nextId('OF'),
        limit: formatMinor(limit, a.currency),
        currency: a.currency,
        ratioBp,
        annualRateBp: profile.annualRateBp,
        dayCount: DAY_COUNT[a.currency],
        fee: formatMinor(applyBp(limit, profile.feeBp, 'HALF_UP'), a.currency),
        tenorDays: a.tenorDays,
        expiresAt: new Date(expiresAtMs).toISOString(),
      };
      a.status = 'APPROVED';
      a.offer = { ...offer, expiresAtMs, drawn: false };
      await send({ ...base(a.reference), type: 'APPROVED', applicationId: a.id, offer });
    });
  }

  effectRoute(sim, E, { path: '/v1/applications', operation: 'apply' }, ApplyRequestSchema, (body) => {
    const currency = currencyOf(body.currency);
    if (profile.ratioBp[body.product] === undefined) throw new Rejection(422, E.ProductNotOffered, `${profile.system} does not offer ${body.product}`);
    const a: ApplicationState = {
      id: nextId('AP'), reference: body.reference, currency, product: body.product, tenorDays: body.tenorDays,
      requested: toMinor(body.requestedAmount, currency), financedValue: toMinor(body.financedValue, currency), status: 'UNDER_REVIEW', docsAsked: false,
    };
    applications.set(a.id, a);
    evidence.set(a.reference, [...(evidence.get(a.reference) ?? []), ...(body.signedEvidence ?? [])]);
    decideLater(a);
    return { applicationId: a.id, reference: a.reference, status: 'UNDER_REVIEW', receivedAt: new Date().toISOString() };
  });

  effectRoute(sim, E, { path: '/v1/applications/:id/documents', operation: 'submitDocuments' }, SubmitDocumentsRequestSchema, (body, { params }) => {
    if (params.id !== body.applicationId) throw new Rejection(400, E.InvalidRequest, 'the path and the body name different applications');
    const a = applicationOf(body.applicationId, body.reference);
    if (a.status !== 'DOCUMENTS_REQUIRED') throw new Rejection(409, E.ApplicationDecided, `application ${a.id} is ${a.status}, no documents are awaited`);
    a.status = 'UNDER_REVIEW';
    evidence.set(a.reference, [...(evidence.get(a.reference) ?? []), ...(body.signedEvidence ?? [])]);
    decideLater(a);
    return { applicationId: a.id, reference: a.reference, status: 'UNDER_REVIEW', receivedAt: new Date().toISOString() };
  });

  effectRoute(sim, E, { path: '/v1/disbursements', operation: 'disburse' }, DisburseRequestSchema, (body) => {
    const a = applicationOf(body.applicationId, body.reference);
    if (a.status !== 'APPROVED' || !a.offer) throw new Rejection(409, E.ApplicationPending, `application ${a.id} is ${a.status}`);
    const offer = a.offer;
    if (offer.offerId !== body.offerId) throw new Rejection(404, E.OfferNotFound, `no offer ${body.offerId} on application ${a.id}`);
    if (offer.drawn) throw new Rejection(409, E.OfferAlreadyDrawn, `offer ${offer.offerId} was already drawn`);
    if (Date.now() > offer.expiresAtMs) throw new Rejection(409, E.OfferExpired, `offer ${offer.offerId} expired at ${offer.expiresAt}`);
    const currency = currencyOf(body.currency);
    if (currency !== a.currency) throw new Rejection(422, E.CurrencyNotSupported, `offer ${offer.offerId} is in ${a.currency}`);
    const amount = toMinor(body.amount, currency);
    if (amount > toMinor(offer.limit, currency)) throw new Rejection(422, E.AmountAboveLimit, `offer ${offer.offerId} allows at most ${offer.limit}`, { limit: offer.limit });
    offer.drawn = true;
    const fee = applyBp(amount, profile.feeBp, 'HALF_UP');
    const loan: LoanState = { id: nextId('LN'), reference: a.reference, currency, disbursed: amount, fee, repaid: { fees: 0, interest: 0, principal: 0 }, maturityDate: addDays(today(), offer.tenorDays) };
    loans.set(loan.id, loan);
    return { disbursementId: loan.id, reference: loan.reference, status: 'DISBURSED', amount: formatMinor(amount, currency), currency, fee: formatMinor(fee, currency), valueDate: today(), maturityDate: loan.maturityDate };
  });

  effectRoute(sim, E, { path: '/v1/repayments', operation: 'repay' }, RepayRequestSchema, (body) => {
    const loan = loans.get(body.disbursementId);
    if (!loan) throw new Rejection(404, E.DisbursementNotFound, `no disbursement ${body.disbursementId}`);
    if (loan.reference !== body.reference) throw new Rejection(409, E.ReferenceMismatch, `disbursement ${loan.id} belongs to ${loan.reference}`);
    const currency = currencyOf(body.currency);
    if (currency !== loan.currency) throw new Rejection(422, E.CurrencyNotSupported, `loan ${loan.id} is in ${loan.currency}`);
    const [amount, fees, interest, principal] = [body.amount, body.fees, body.interest, body.principal].map((v) => toMinor(v, currency)) as [number, number, number, number];
    if (fees + interest + principal !== amount) throw new Rejection(422, E.SplitMismatch, 'fees + interest + principal must equal amount');
    if (loan.repaid.principal + principal > loan.disbursed || loan.repaid.fees + fees > loan.fee) {
      throw new Rejection(422, E.Overpayment, `loan ${loan.id} has ${formatMinor(loan.disbursed - loan.repaid.principal, currency)} principal and ${formatMinor(loan.fee - loan.repaid.fees, currency)} fees outstanding`);
    }
    loan.repaid = { fees: loan.repaid.fees + fees, interest: loan.repaid.interest + interest, principal: loan.repaid.principal + principal };
    const repaymentId = nextId('RP');
    sim.later(profile.confirmDelayMs, () => send({ ...base(loan.reference), type: 'REPAYMENT_CONFIRMED', disbursementId: loan.id, repaymentId, instructionId: body.instructionId, amount: body.amount, currency, valueDate: today() }).then(() => undefined));
    return { repaymentId, reference: loan.reference, disbursementId: loan.id, status: 'PENDING_CONFIRMATION', amount: body.amount, currency };
  });

  /**
   * The lender's officer releases pledged stock (仓单质押): a COLLATERAL_RELEASED callback for the
   * disbursement, naming the lines or (none) every unit. A control, as the officer's decision is not
   * the platform's to make.
   */
  sim.app.post<{ Body: { disbursementId?: string; lines?: { sku: string; qty: number }[] } }>('/_control/release', async (req, reply) => {
    const loan = loans.get(req.body?.disbursementId ?? '');
    if (!loan) return reply.code(404).send({ code: E.DisbursementNotFound, message: `no disbursement ${req.body?.disbursementId}` });
    const releaseId = nextId('RL');
    await send({ ...base(loan.reference), type: 'COLLATERAL_RELEASED', disbursementId: loan.id, releaseId, ...(req.body.lines ? { lines: req.body.lines } : {}) });
    return { releaseId };
  });

  /** What the lender received as evidence for a loan (`reference`), to check it as the lender's officer would. */
  sim.app.get<{ Querystring: { reference?: string } }>('/_evidence', async (req) => ({ signedEvidence: evidence.get(req.query.reference ?? '') ?? [] }));

  sim.app.get<{ Params: { id: string } }>('/v1/loans/:id', async (req, reply) => {
    const loan = loans.get(req.params.id);
    if (!loan) return reply.code(404).send({ code: E.DisbursementNotFound, message: `no disbursement ${req.params.id}` });
    const f = (v: number) => formatMinor(v, loan.currency);
    return {
      disbursementId: loan.id, reference: loan.reference, currency: loan.currency, disbursed: f(loan.disbursed),
      repaid: { fees: f(loan.repaid.fees), interest: f(loan.repaid.interest), principal: f(loan.repaid.principal) },
      outstandingPrincipal: f(loan.disbursed - loan.repaid.principal), maturityDate: loan.maturityDate,
    };
  });

  function applicationOf(id: string, reference: string): ApplicationState {
    const a = applications.get(id);
    if (!a) throw new Rejection(404, E.ApplicationNotFound, `no application ${id}`);
    if (a.reference !== reference) throw new Rejection(409, E.ReferenceMismatch, `application ${id} belongs to ${a.reference}`);
    return a;
  }

  return sim;
}

/** Business delays lenders are simulated with (their README.md). */
export const BUSINESS = { DAY, HOUR: DAY / 24 } as const;
