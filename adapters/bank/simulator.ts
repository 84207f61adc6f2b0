import { randomUUID } from 'node:crypto';
import { chinaDate, DAY, MINUTE, scaled } from '../../domain/time.js';
import { effectHandlers, Rejection } from '../kit/effect-route.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../kit/simulator.js';
import {
  BankErrorCode as E,
  OpenCollectionRequestSchema,
  QuoteRequestSchema,
  SettleRequestSchema,
  type FundsReceivedEvent,
} from './port.js';

export interface BankSimulatorOptions extends Omit<SimulatorOptions, 'system'> {
  system?: string;
  /** Real-time floor of a quote's life, default 60 s: at demo time scales 30 business minutes
   * would pass before the settle call arrives. */
  quoteMinRealMs?: number;
}

/** Currencies the bank trades against CNY, with mid rates in CNY per unit (6 decimals). */
export const MID_RATES = {
  USD: '7.100000', EUR: '7.700000', GBP: '9.000000', JPY: '0.047500',
  HKD: '0.910000', SGD: '5.300000', AUD: '4.650000', CAD: '5.150000',
} as const;
type Traded = keyof typeof MID_RATES;
/** The bank buys foreign currency 0.25 % (2,500 millionths) below mid. */
const SPREAD_PPM = 2_500n;
export const FUNDS_DELAY_MS = 2 * DAY;
/** How often held funds (scenario held-funds) look whether they may go (business time). */
const HELD_FUNDS_CHECK_MS = DAY / 4;
export const QUOTE_VALIDITY_MS = 30 * MINUTE;

interface Collection { id: string; reference: string; currency: string; received: bigint; settled: bigint }
interface QuoteState { id: string; currency: string; amount: bigint; rate: string; expiresAtMs: number; used: boolean }

/** Decimal string → integer units at `scale` decimals (the string has at most `scale` decimals). */
const units = (s: string, scale: number) => BigInt((s.split('.')[0] ?? '0') + (s.split('.')[1] ?? '').padEnd(scale, '0'));
const decimal = (u: bigint, scale: number) => {
  const s = u.toString().padStart(scale + 1, '0');
  return `${s.slice(0, -scale)}.${s.slice(-scale)}`;
};
/** Rounds half up from 6 extra decimals (a 2-decimal amount times a 6-decimal rate has 8). */
const roundMillionths = (u: bigint) => (u + 500_000n) / 1_000_000n;
export const bidRate = (c: Traded) => decimal(roundMillionths(units(MID_RATES[c], 6) * (1_000_000n - SPREAD_PPM)), 6);
const isTraded = (c: string): c is Traded => Object.hasOwn(MID_RATES, c);
/** Business dates are China dates (UTC+8). */
const today = () => chinaDate(Date.now());

/** A bank FX service (收汇/结汇) that behaves like the real one; API in README.md. */
export function createBankSimulator(opts: BankSimulatorOptions): Simulator {
  const sim = createSimulator({ ...opts, system: opts.system ?? 'bank' });
  const collections = new Map<string, Collection>();
  const quotes = new Map<string, QuoteState>();
  let serial = 0;
  const nextId = (prefix: string) => `${prefix}${today().replaceAll('-', '')}${String(++serial).padStart(6, '0')}`;

  sim.app.addHook('onRequest', async (req) => {
    if (req.method === 'POST' && req.url === '/_control/reset') {
      collections.clear();
      quotes.clear();
    }
  });

  function supported(currency: string): Traded {
    if (!isTraded(currency)) throw new Rejection(422, E.CurrencyNotSupported, `the bank does not trade ${currency}`);
    return currency;
  }

  const effect = effectHandlers(sim, E);

  sim.app.post('/v1/collections', effect('openCollection', OpenCollectionRequestSchema, 201, (body) => {
    if (body.currency !== 'CNY') supported(body.currency); // cross-border RMB receipts need no FX
    const c: Collection = { id: nextId('COL'), reference: body.reference, currency: body.currency, received: 0n, settled: 0n };
    collections.set(c.id, c);
    const scenario = sim.scenario(body.reference);
    const params = scenario?.params ?? {};
    const delay = scenario?.name === 'late-funds' && typeof params.businessDelayMs === 'number' ? params.businessDelayMs : FUNDS_DELAY_MS;
    const partial = scenario?.name === 'partial-funds' && typeof params.amount === 'string' && /^\d+(\.\d{1,2})?$/.test(params.amount);
    const arriving = partial ? units(params.amount as string, 2) : units(body.amount, 2);
    const arrive = async (): Promise<void> => {
      if (collections.get(c.id) !== c) return; // reset since
      // held-funds: the buyer's money waits at the bank until the scenario is lifted (replaced)
      if (sim.scenario(body.reference)?.name === 'held-funds') return sim.later(HELD_FUNDS_CHECK_MS, arrive);
      c.received += arriving;
      const event: FundsReceivedEvent = {
        eventId: `evt_${randomUUID()}`,
        type: 'FUNDS_RECEIVED',
        reference: c.reference,
        collectionId: c.id,
        amount: decimal(arriving, 2),
        currency: c.currency,
        valueDate: today(),
        bankRef: nextId('FT'),
      };
      await sim.sendCallback(JSON.stringify(event), 'application/json');
    };
    sim.later(delay, arrive);
    return { collectionId: c.id, reference: c.reference, currency: c.currency, amount: body.amount, status: 'OPEN', openedAt: new Date().toISOString() };
  }));

  sim.app.post('/v1/fx/quotes', effect('quote', QuoteRequestSchema, 201, (body) => {
    const currency = supported(body.currency);
    const q: QuoteState = {
      id: nextId('QT'),
      currency,
      amount: units(body.amount, 2),
      rate: bidRate(currency),
      expiresAtMs: Date.now() + scaled(QUOTE_VALIDITY_MS, opts.timeScale, opts.quoteMinRealMs ?? 60_000),
      used: false,
    };
    quotes.set(q.id, q);
    return { quoteId: q.id, side: 'BANK_BUYS', currency: q.currency, amount: body.amount, rate: q.rate, expiresAt: new Date(q.expiresAtMs).toISOString() };
  }));

  sim.app.post('/v1/fx/settlements', effect('settle', SettleRequestSchema, 201, (body) => {
    const amount = units(body.amount, 2);
    const q = quotes.get(body.quoteId);
    if (!q) throw new Rejection(404, E.QuoteNotFound, `no quote ${body.quoteId}`);
    if (Date.now() > q.expiresAtMs) throw new Rejection(409, E.QuoteExpired, `quote ${q.id} expired at ${new Date(q.expiresAtMs).toISOString()}`);
    if (q.used) throw new Rejection(409, E.QuoteAlreadyUsed, `quote ${q.id} was already used`);
    if (q.currency !== body.currency || q.amount !== amount) {
      throw new Rejection(422, E.QuoteMismatch, `quote ${q.id} is for ${decimal(q.amount, 2)} ${q.currency}`);
    }
    const c = collections.get(body.collectionId);
    if (!c) throw new Rejection(404, E.CollectionNotFound, `no collection ${body.collectionId}`);
    if (c.currency !== body.currency) throw new Rejection(422, E.CurrencyMismatch, `collection ${c.id} is in ${c.currency}`);
    if (c.received === 0n) throw new Rejection(409, E.FundsNotReceived, `no funds received yet for collection ${c.id}`);
    const available = c.received - c.settled;
    if (amount > available) {
      throw new Rejection(422, E.AmountExceedsReceived, `only ${decimal(available, 2)} ${c.currency} is available`, {
        available: decimal(available, 2),
      });
    }
    q.used = true;
    c.settled += amount;
    const cnyAmount = decimal(roundMillionths(amount * units(q.rate, 6)), 2);
    return {
      settlementId: nextId('STL'), collectionId: c.id, quoteId: q.id, currency: c.currency, amount: body.amount,
      rate: q.rate, cnyAmount, settledAt: new Date().toISOString(),
    };
  }));

  return sim;
}
