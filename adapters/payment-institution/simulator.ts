import { randomUUID } from 'node:crypto';
import { chinaDate, DAY, MINUTE, scaled } from '../../domain/time.js';
import { dialectHandler, effectHandlers, Rejection, type Dialect } from '../kit/effect-route.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../kit/simulator.js';
import {
  bopFor, buyRate, cnyFen, collectable, decimal, DEFAULT_RULES, feeFen, QuotaRule, quotaRuleFor, tradable, units, usdCents,
  type PaymentInstitutionRules, type SellerType,
} from './rules.js';
import {
  CreateConversionSchema, CreatePayoutCollectionSchema, CreateRateLockSchema, ErrorName as N, MERCHANT_HEADER, toFundsReceivedEvent,
  type PayoutFundsWebhook,
} from './wire.js';

export interface Merchant { type: SellerType; name: string }
export interface PaymentInstitutionSimulatorOptions extends Omit<SimulatorOptions, 'system'> {
  system?: string;
  rules?: Partial<PaymentInstitutionRules>;
  /** Merchants by id (the `x-pi-merchant-id` header); default DEFAULT_MERCHANTS. */
  merchants?: Record<string, Merchant>;
  /** Real-time floor of a rate lock's life, default 60 s. */
  quoteMinRealMs?: number;
  /** `platform` (default): bank A's FUNDS_RECEIVED JSON, as the gateway delivers it; `native`: the PI's webhook. */
  callbackFormat?: 'platform' | 'native';
}

export const DEFAULT_MERCHANTS: Record<string, Merchant> = {
  'M-IND-0001': { type: 'INDIVIDUAL', name: '张伟 (individual seller, Dazhou)' },
  'M-ENT-0001': { type: 'ENTERPRISE', name: '达州示例跨境电商有限公司' },
};
/** Marketplace payouts reach the institution's partner bank 3 business days after registration (assumed). */
export const PI_FUNDS_DELAY_MS = 3 * DAY;
/** A rate lock holds for 15 business minutes (assumed). */
export const PI_QUOTE_VALIDITY_MS = 15 * MINUTE;

interface Collection {
  id: string; merchantId: string; payoutId: string; currency: string; received: bigint; settled: bigint;
  proof: { orderRef: string; customsDeclared: boolean } | undefined; memo: string;
}
interface Lock { id: string; merchantId: string; currency: string; cents: bigint; rate: string; expiresAtMs: number; used: boolean }

const usd = (cents: bigint) => ({ value: decimal(cents), currency: 'USD' });
const today = () => chinaDate(Date.now());

/** A licensed payment institution (支付机构, 汇发〔2019〕13号) settling via its partner bank; README.md. */
export function createPaymentInstitutionSimulator(opts: PaymentInstitutionSimulatorOptions): Simulator {
  const sim = createSimulator({ ...opts, system: opts.system ?? 'payment-institution' });
  const rules: PaymentInstitutionRules = { ...DEFAULT_RULES, ...opts.rules };
  const merchants = opts.merchants ?? DEFAULT_MERCHANTS;
  const collections = new Map<string, Collection>();
  const byPayout = new Map<string, string>();
  const locks = new Map<string, Lock>();
  const quotaUsed = new Map<string, bigint>(); // `${merchantId}:${year}` → USD cents
  let serial = 0;
  const nextId = (prefix: string) => `${prefix}_${today().replaceAll('-', '')}${String(++serial).padStart(6, '0')}`;
  const quotaKey = (merchantId: string) => `${merchantId}:${today().slice(0, 4)}`;
  const quotaLimit = units(rules.annualFacilitationQuotaUsd);

  sim.app.addHook('onRequest', async (req) => {
    if (req.method === 'POST' && req.url === '/_control/reset') [collections, byPayout, locks, quotaUsed].forEach((m) => m.clear());
  });

  /** The merchant header first, errors as `{ name, message, debugId, details? }`, a reused key 422. */
  const dialect: Dialect<{ merchantId: string; merchant: Merchant }> = {
    InvalidRequest: N.InvalidRequest, IdempotencyKeyRequired: N.IdempotencyKeyMissing, IdempotencyKeyReused: N.IdempotencyKeyReused,
    key: { header: 'Idempotency-Key' },
    authenticate(req) {
      const merchantId = req.headers[MERCHANT_HEADER];
      const merchant = typeof merchantId === 'string' && Object.hasOwn(merchants, merchantId) ? merchants[merchantId] : undefined;
      if (typeof merchantId !== 'string' || !merchant) throw new Rejection(401, N.AuthenticationFailure, `unknown or missing ${MERCHANT_HEADER}`);
      return { merchantId, merchant };
    },
    error: (r) => ({ name: r.code, message: r.message, debugId: randomUUID(), ...(r.details ? { details: r.details } : {}) }),
  };
  const effect = effectHandlers(sim, dialect);

  sim.app.post('/api/v3/payout-collections', effect('openCollection', CreatePayoutCollectionSchema, 201, (body, { caller: { merchantId } }) => {
    const { currency, value } = body.expected;
    if (!collectable(rules, currency)) throw new Rejection(422, N.CurrencyNotSupported, `${currency} is not supported`);
    const cents = units(value);
    const cap = rules.perTransactionCapUsd;
    if (cap !== null && usdCents(rules, cents, currency) > units(cap)) {
      throw new Rejection(422, N.PerTransactionLimitExceeded, `payout exceeds the USD ${cap} per-transaction cap`, {
        capUsd: cap, amountUsd: decimal(usdCents(rules, cents, currency)),
      });
    }
    const payoutKey = `${merchantId}:${body.marketplacePayoutId}`;
    const existing = byPayout.get(payoutKey);
    if (existing) throw new Rejection(409, N.PayoutAlreadyRegistered, `payout ${body.marketplacePayoutId} is collection ${existing}`, { payoutCollectionId: existing });
    const c: Collection = {
      id: nextId('PC'), merchantId, payoutId: body.marketplacePayoutId, currency, received: 0n, settled: 0n, proof: body.tradeProof, memo: body.memo,
    };
    collections.set(c.id, c);
    byPayout.set(payoutKey, c.id);
    const scenario = sim.scenario(body.marketplacePayoutId);
    const late = scenario?.name === 'late-funds' && typeof scenario.params.businessDelayMs === 'number';
    sim.later(late ? (scenario.params.businessDelayMs as number) : PI_FUNDS_DELAY_MS, async () => {
      if (collections.get(c.id) !== c) return; // reset since
      c.received += cents;
      const webhook: PayoutFundsWebhook = {
        id: `WH_${randomUUID()}`, event: 'payout.funds_received', createdAt: new Date().toISOString(),
        resource: { payoutCollectionId: c.id, marketplacePayoutId: c.payoutId, received: { value, currency }, valueDate: today(), partnerBankRef: nextId('PB') },
      };
      const out = opts.callbackFormat === 'native' ? webhook : toFundsReceivedEvent(webhook);
      await sim.sendCallback(JSON.stringify(out), 'application/json');
    });
    return { id: c.id, marketplacePayoutId: c.payoutId, status: 'AWAITING_FUNDS', expected: body.expected, createdAt: new Date().toISOString() };
  }));

  sim.app.post('/api/v3/fx/rate-locks', effect('quote', CreateRateLockSchema, 201, (body, { caller: { merchantId } }) => {
    const { currency, value } = body.sell;
    if (!tradable(rules, currency)) throw new Rejection(422, N.CurrencyNotSupported, `${currency} cannot be converted to CNY`);
    const validity = scaled(PI_QUOTE_VALIDITY_MS, opts.timeScale, opts.quoteMinRealMs ?? 60_000);
    const lock: Lock = { id: nextId('RL'), merchantId, currency, cents: units(value), rate: buyRate(rules, currency), expiresAtMs: Date.now() + validity, used: false };
    locks.set(lock.id, lock);
    return {
      id: lock.id, sell: body.sell, buy: { value: decimal(cnyFen(lock.cents, lock.rate)), currency: 'CNY' }, rate: lock.rate,
      expiresAt: new Date(lock.expiresAtMs).toISOString(),
    };
  }));

  sim.app.post('/api/v3/fx/conversions', effect('settle', CreateConversionSchema, 201, (body, { caller: { merchantId, merchant } }) => {
    const cents = units(body.sell.value);
    const lock = locks.get(body.rateLockId);
    if (!lock || lock.merchantId !== merchantId) throw new Rejection(404, N.RateLockNotFound, `no rate lock ${body.rateLockId}`);
    if (Date.now() > lock.expiresAtMs) throw new Rejection(409, N.RateLockExpired, `rate lock ${lock.id} expired`);
    if (lock.used) throw new Rejection(409, N.RateLockUsed, `rate lock ${lock.id} was already used`);
    if (lock.currency !== body.sell.currency || lock.cents !== cents) throw new Rejection(422, N.RateLockMismatch, `rate lock ${lock.id} is for ${decimal(lock.cents)} ${lock.currency}`);
    const c = collections.get(body.payoutCollectionId);
    if (!c || c.merchantId !== merchantId) throw new Rejection(404, N.PayoutCollectionNotFound, `no payout collection ${body.payoutCollectionId}`);
    if (c.currency !== body.sell.currency) throw new Rejection(422, N.CurrencyMismatch, `collection ${c.id} is in ${c.currency}`);
    if (c.received === 0n) throw new Rejection(409, N.FundsNotYetReceived, `no funds received yet for ${c.id}`);
    const available = c.received - c.settled;
    if (cents > available) throw new Rejection(422, N.InsufficientReceivedFunds, `only ${decimal(available)} ${c.currency} available`, { available: decimal(available) });
    const rule = quotaRuleFor(merchant.type, c.proof !== undefined);
    const amountUsd = usdCents(rules, cents, c.currency);
    const used = quotaUsed.get(quotaKey(merchantId)) ?? 0n;
    if (rule === QuotaRule.AnnualQuota && used + amountUsd > quotaLimit) {
      throw new Rejection(422, N.AnnualQuotaExceeded, 'above the annual facilitation quota: attach transaction proof', {
        remainingUsd: decimal(quotaLimit - used), amountUsd: decimal(amountUsd),
      });
    }
    const consumed = rule === QuotaRule.AnnualQuota ? amountUsd : 0n;
    quotaUsed.set(quotaKey(merchantId), used + consumed);
    lock.used = true;
    c.settled += cents;
    const gross = cnyFen(cents, lock.rate);
    const fee = feeFen(rules, gross);
    return {
      id: nextId('CV'), status: 'COMPLETED', payoutCollectionId: c.id, rateLockId: lock.id, sell: body.sell, rate: lock.rate,
      gross: { value: decimal(gross), currency: 'CNY' },
      fee: { amount: { value: decimal(fee), currency: 'CNY' }, rate: decimal(BigInt(rules.feeRatePpm), 6) },
      net: { value: decimal(gross - fee), currency: 'CNY' },
      quota: { rule, consumed: usd(consumed), remaining: merchant.type === 'INDIVIDUAL' ? usd(quotaLimit - used - consumed) : null },
      bop: bopFor(c.proof?.customsDeclared ?? false, c.memo),
      completedAt: new Date().toISOString(),
    };
  }));

  sim.app.get('/api/v3/merchants/me/fx-quota', dialectHandler(dialect, (_req, _reply, { merchantId, merchant }) => {
    const used = quotaUsed.get(quotaKey(merchantId)) ?? 0n;
    const individual = merchant.type === 'INDIVIDUAL';
    return {
      merchantId, sellerType: merchant.type, year: Number(today().slice(0, 4)),
      limit: individual ? usd(quotaLimit) : null, used: usd(used), remaining: individual ? usd(quotaLimit - used) : null,
    };
  }));

  return sim;
}
