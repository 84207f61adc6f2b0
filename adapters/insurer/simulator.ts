import { randomUUID } from 'node:crypto';
import { addDays } from '../../domain/finance/interest.js';
import { applyBp, formatMinor, isCurrency, toMinor, type CurrencyCode } from '../../domain/finance/money.js';
import { chinaDate, DAY, scaled } from '../../domain/time.js';
import { effectRoute, Rejection } from '../kit/effect-route.js';
import { checkEvidenceOn } from '../kit/evidence-check.js';
import type { EvidenceJwk } from '../kit/verify-evidence.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../kit/simulator.js';
import { BindRequestSchema, ClaimRequestSchema, InsurerErrorCode as E, QuoteRequestSchema, type Cover, type InsurerEvent, type LossKind, type QuoteRequest } from './port.js';

/**
 * ASSUMPTION (no source found; in the range insurers publish for rail and sea cargo): cargo premium
 * rates per corridor in basis points of the insured value (all risks), doubled for lithium
 * batteries (HS 8507, dangerous goods), at least CNY 50 (or 10 of a foreign currency); deductible
 * 0.5 % of the insured value. Export credit: 0.60 % per 90 days of credit (or part), 90 % of a
 * loss indemnified (short-term export credit insurance usually pays 80-90 %), a CNY 2,000,000 or
 * USD/EUR 300,000 limit per buyer. Seizure is excluded from cargo cover (the war exclusions of the
 * Institute Cargo Clauses exclude capture and seizure; general knowledge, ⚠ unverified).
 */
export const CARGO_RATE_BP: Readonly<Record<string, number>> = {
  CR_EXPRESS_CHENGDU: 8, CR_EXPRESS_CHONGQING: 8, CHINA_LAOS_RAIL: 10, RAIL_WATER_YANGTZE: 10, LAND_SEA_QINZHOU: 12, POSTAL_INTERNATIONAL: 15,
};
const DANGEROUS_HS_PREFIXES = ['8507'];
const DEDUCTIBLE_BP = 50;
const CREDIT_RATE_BP_PER_90_DAYS = 60;
const CREDIT_INDEMNITY_BP = 9_000;
const BUYER_LIMIT: Readonly<Record<string, number>> = { CNY: 200_000_000, USD: 30_000_000, EUR: 30_000_000 };
const COVERED: Readonly<Record<Cover, readonly LossKind[]>> = { CARGO: ['DAMAGE', 'LOSS'], EXPORT_CREDIT: ['NON_PAYMENT'] };
const QUOTE_VALIDITY_MS = 7 * DAY;
const CLAIM_DECISION_MS = 5 * DAY;

interface QuoteState { id: string; reference: string; cover: Cover; currency: CurrencyCode; insuredValue: number; premium: number; deductible: number; indemnityBp: number; termsDays: number; expiresAtMs: number; boundAs?: string }
interface PolicyState { no: string; reference: string; cover: Cover; currency: CurrencyCode; insuredValue: number; deductible: number; indemnityBp: number; claimed: number }

const today = () => chinaDate(Date.now());

/** An insurer's cargo and export credit insurance API (README.md), behaving like the real one. */
export interface InsurerSimulatorOptions extends Omit<SimulatorOptions, 'system'> {
  system?: string;
  /**
   * The platform's published evidence keys (kit/evidence-check.ts): with them every quote and every
   * non-payment claim must carry signed packages that verify and are addressed to this insurer,
   * else 422 INSURER.EVIDENCE_MISSING / INSURER.EVIDENCE_NOT_VERIFIED. Unset: not checked.
   */
  evidenceKeys?: () => Promise<EvidenceJwk[]>;
}

export function createInsurerSimulator(opts: InsurerSimulatorOptions): Simulator {
  const system = opts.system ?? 'insurer';
  const sim = createSimulator({ ...opts, system });
  if (opts.evidenceKeys) {
    checkEvidenceOn(sim.app, system, {
      keys: opts.evidenceKeys,
      routes: ['/v1/quotes', '/v1/claims'],
      required: (body, route) => (route === '/v1/quotes' ? 'a quote needs the evidence the platform disclosed for the policy (signedEvidence)' : body.loss === 'NON_PAYMENT' ? 'a non-payment claim needs the signed FX record (signedEvidence)' : undefined),
      codes: { missing: E.EvidenceMissing, notVerified: E.EvidenceNotVerified },
    });
  }
  const quotes = new Map<string, QuoteState>();
  const policies = new Map<string, PolicyState>();
  const buyerExposure = new Map<string, number>();
  let serial = 0;
  const nextId = (kind: string) => `${kind}${today().replaceAll('-', '')}${String(++serial).padStart(6, '0')}`;

  sim.app.addHook('onRequest', async (req) => {
    if (req.method === 'POST' && req.url === '/_control/reset') {
      quotes.clear();
      policies.clear();
      buyerExposure.clear();
    }
  });

  function currencyOf(code: string): CurrencyCode {
    if (!isCurrency(code) || BUYER_LIMIT[code] === undefined) throw new Rejection(422, E.CurrencyNotSupported, `the insurer does not insure in ${code}`);
    return code;
  }

  function price(q: QuoteRequest, currency: CurrencyCode, value: number): { rateBp: number; premium: number; indemnityBp: number; termsDays: number; buyerLimit?: number } {
    const floor = currency === 'CNY' ? 5_000 : 1_000;
    if (q.cargo) {
      const base = CARGO_RATE_BP[q.cargo.corridor];
      if (base === undefined) throw new Rejection(422, E.CorridorNotCovered, `no cargo cover on corridor ${q.cargo.corridor}`);
      const rateBp = q.cargo.goods.some((g) => DANGEROUS_HS_PREFIXES.some((p) => g.hsCode.startsWith(p))) ? base * 2 : base;
      return { rateBp, premium: Math.max(floor, applyBp(value, rateBp, 'HALF_UP')), indemnityBp: 10_000, termsDays: 60 };
    }
    const credit = q.credit!;
    const buyerKey = `${credit.buyer.country}:${credit.buyer.registrationNo}:${currency}`;
    // the insurer's underwriter: a buyer refused outright, or a limit below the table's (scenarios per reference)
    const scenario = sim.scenario(q.reference);
    if (scenario?.name === 'decline-buyer') {
      const reason = String(scenario.params.reason ?? 'the buyer’s credit report does not support a limit');
      throw new Rejection(422, E.BuyerDeclined, `no credit limit for ${credit.buyer.name}: ${reason}`, { reason });
    }
    const limit = scenario?.name === 'buyer-limit' && typeof scenario.params.limit === 'string' ? toMinor(scenario.params.limit, currency) : BUYER_LIMIT[currency]!;
    const used = buyerExposure.get(buyerKey) ?? 0;
    if (used + value > limit) throw new Rejection(422, E.AboveBuyerLimit, `buyer limit ${formatMinor(limit, currency)} ${currency}, ${formatMinor(limit - used, currency)} left`, { buyerLimit: formatMinor(limit, currency), available: formatMinor(limit - used, currency) });
    const rateBp = CREDIT_RATE_BP_PER_90_DAYS * Math.ceil(credit.paymentTermsDays / 90);
    return { rateBp, premium: Math.max(floor, applyBp(value, rateBp, 'HALF_UP')), indemnityBp: CREDIT_INDEMNITY_BP, termsDays: credit.paymentTermsDays + 90, buyerLimit: limit };
  }

  effectRoute(sim, E, { path: '/v1/quotes', operation: 'quote' }, QuoteRequestSchema, (body) => {
    const currency = currencyOf(body.currency);
    const value = toMinor(body.insuredValue, currency);
    const p = price(body, currency, value);
    const q: QuoteState = {
      id: nextId('QT'), reference: body.reference, cover: body.cover, currency, insuredValue: value, premium: p.premium,
      deductible: body.cover === 'CARGO' ? applyBp(value, DEDUCTIBLE_BP, 'HALF_UP') : 0, indemnityBp: p.indemnityBp, termsDays: p.termsDays,
      expiresAtMs: Date.now() + scaled(QUOTE_VALIDITY_MS, opts.timeScale, 60_000),
    };
    quotes.set(q.id, q);
    if (body.credit) {
      const key = `${body.credit.buyer.country}:${body.credit.buyer.registrationNo}:${currency}`;
      buyerExposure.set(key, (buyerExposure.get(key) ?? 0) + value); // the limit is held by the quote
    }
    const f = (v: number) => formatMinor(v, currency);
    return {
      quoteId: q.id, reference: q.reference, cover: q.cover, currency, insuredValue: f(value), premium: f(q.premium), rateBp: p.rateBp, deductible: f(q.deductible),
      indemnityBp: q.indemnityBp, ...(p.buyerLimit !== undefined ? { buyerLimit: f(p.buyerLimit) } : {}), expiresAt: new Date(q.expiresAtMs).toISOString(),
    };
  });

  effectRoute(sim, E, { path: '/v1/policies', operation: 'bind' }, BindRequestSchema, (body) => {
    const q = quotes.get(body.quoteId);
    if (!q) throw new Rejection(404, E.QuoteNotFound, `no quote ${body.quoteId}`);
    if (q.reference !== body.reference) throw new Rejection(409, E.ReferenceMismatch, `quote ${q.id} belongs to ${q.reference}`);
    if (q.boundAs) throw new Rejection(409, E.QuoteAlreadyBound, `quote ${q.id} is bound as policy ${q.boundAs}`, { policyNo: q.boundAs });
    if (Date.now() > q.expiresAtMs) throw new Rejection(409, E.QuoteExpired, `quote ${q.id} expired`);
    const policy: PolicyState = { no: nextId(q.cover === 'CARGO' ? 'PCG' : 'PEC'), reference: q.reference, cover: q.cover, currency: q.currency, insuredValue: q.insuredValue, deductible: q.deductible, indemnityBp: q.indemnityBp, claimed: 0 };
    q.boundAs = policy.no;
    policies.set(policy.no, policy);
    const f = (v: number) => formatMinor(v, q.currency);
    return { policyNo: policy.no, reference: q.reference, status: 'BOUND', cover: q.cover, currency: q.currency, insuredValue: f(q.insuredValue), premium: f(q.premium), coverFrom: today(), coverTo: addDays(today(), q.termsDays) };
  });

  effectRoute(sim, E, { path: '/v1/claims', operation: 'claim' }, ClaimRequestSchema, (body) => {
    const policy = policies.get(body.policyNo);
    if (!policy) throw new Rejection(404, E.PolicyNotFound, `no policy ${body.policyNo}`);
    if (policy.reference !== body.reference) throw new Rejection(409, E.ReferenceMismatch, `policy ${policy.no} belongs to ${policy.reference}`);
    const currency = currencyOf(body.currency);
    if (currency !== policy.currency) throw new Rejection(422, E.CurrencyNotSupported, `policy ${policy.no} is in ${policy.currency}`);
    const amount = toMinor(body.amount, currency);
    if (policy.claimed + amount > policy.insuredValue) throw new Rejection(422, E.ClaimAboveInsuredValue, `policy ${policy.no} insures ${formatMinor(policy.insuredValue - policy.claimed, currency)} more at most`);
    if (!COVERED[policy.cover].includes(body.loss) && !(policy.cover === 'CARGO' && body.loss === 'SEIZURE')) throw new Rejection(422, E.LossNotCovered, `${policy.cover} does not cover ${body.loss}`);
    policy.claimed += amount;
    const claimId = nextId('CL');
    const scenario = sim.scenario(body.reference);
    sim.later(CLAIM_DECISION_MS, async () => {
      if (policies.get(policy.no) !== policy) return; // reset since
      const declined = body.loss === 'SEIZURE' ? 'seizure is excluded from cargo cover (war and seizure exclusions)' : scenario?.name === 'decline' ? String(scenario.params.reason ?? 'the evidence does not show an insured loss') : undefined;
      const paid = declined ? 0 : applyBp(Math.max(0, amount - policy.deductible), policy.indemnityBp, 'FLOOR');
      const event: InsurerEvent = {
        eventId: `evt_${randomUUID()}`, type: 'CLAIM_DECIDED', reference: policy.reference, policyNo: policy.no, claimId,
        decision: declined ? 'DECLINED' : 'PAID', paidAmount: formatMinor(paid, currency), currency, ...(declined ? { reason: declined } : {}), at: new Date().toISOString(),
      };
      await sim.sendCallback(JSON.stringify(event), 'application/json');
    });
    return { claimId, reference: policy.reference, policyNo: policy.no, status: 'UNDER_ASSESSMENT', receivedAt: new Date().toISOString() };
  });

  return sim;
}
