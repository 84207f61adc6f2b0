import { randomUUID } from 'node:crypto';
import { DAY, MINUTE, scaled } from '../../domain/time.js';
import { effectRoute, Rejection, type Dialect } from '../kit/effect-route.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../kit/simulator.js';
import {
  centsToDecimal,
  chinaStamp,
  ExecuteSettlementSchema,
  LockRateSchema,
  RegisterRemittanceSchema,
  RetCode,
  toFundsReceivedEvent,
  type InwardCreditNotice,
} from './wire.js';

export interface BankBSimulatorOptions extends Omit<SimulatorOptions, 'system'> {
  system?: string;
  /** Real-time floor of a rate lock's life, default 60 s (see bank A: demo scales would expire it at once). */
  quoteMinRealMs?: number;
  /**
   * Callback body: `platform` (default) = bank A's FUNDS_RECEIVED JSON, as the translating gateway
   * in front of Bank B would deliver it; `native` = Bank B's own INWARD_CREDIT notice.
   */
  callbackFormat?: 'platform' | 'native';
}

/** Bank B's board: mid rates in CNY per 100 units, 4 decimals (assumed figures, not market data). */
export const BANK_B_MID_PER_100 = {
  USD: '710.5000', EUR: '769.2000', GBP: '899.1000', JPY: '4.7430', HKD: '90.9500', AUD: '465.8000',
} as const;
type Traded = keyof typeof BANK_B_MID_PER_100;
/** Bank B buys foreign currency 0.30 % (3,000 millionths) below mid. */
export const BANK_B_SPREAD_PPM = 3_000n;
/** Inward remittances are credited 1 business day after registration. */
export const BANK_B_FUNDS_DELAY_MS = 1 * DAY;
/** A rate lock holds for 10 business minutes. */
export const BANK_B_QUOTE_VALIDITY_MS = 10 * MINUTE;

interface Collection { no: string; bizRef: string; ccy: string; credited: bigint; settled: bigint }
interface Lock { no: string; ccy: string; cents: bigint; rate4: bigint; validUntilMs: number; used: boolean }

const rate4 = (s: string) => BigInt(s.replace('.', ''));
const format4 = (u: bigint) => {
  const s = u.toString().padStart(5, '0');
  return `${s.slice(0, -4)}.${s.slice(-4)}`;
};
const isTraded = (c: string): c is Traded => Object.hasOwn(BANK_B_MID_PER_100, c);
/** Bank B's buy rate per 100 units: mid less the spread, rounded half up to 4 decimals. */
export function bankBBuyRatePer100(c: Traded): string {
  return format4((rate4(BANK_B_MID_PER_100[c]) * (1_000_000n - BANK_B_SPREAD_PPM) + 500_000n) / 1_000_000n);
}

/** Bank B's FX API (snake_case, envelope, cents); README.md. */
export function createBankBSimulator(opts: BankBSimulatorOptions): Simulator {
  const sim = createSimulator({ ...opts, system: opts.system ?? 'bank-b' });
  const collections = new Map<string, Collection>();
  const locks = new Map<string, Lock>();
  let serial = 0;
  const nextId = (prefix: string) => `${prefix}${chinaStamp(Date.now()).slice(0, 8)}${String(++serial).padStart(8, '0')}`;

  sim.app.addHook('onRequest', async (req) => {
    if (req.method === 'POST' && req.url === '/_control/reset') {
      collections.clear();
      locks.clear();
    }
  });

  function traded(ccy: string): Traded {
    if (!isTraded(ccy)) throw new Rejection(200, RetCode.CurrencyNotSupported, `币种不支持: ${ccy}`);
    return ccy;
  }

  /** `request_no` in the body is the key; every answer HTTP 200 in the `{ ret_code, ret_msg, data }` envelope. */
  const dialect: Dialect = {
    InvalidRequest: RetCode.InvalidRequest, IdempotencyKeyRequired: RetCode.RequestNoRequired, IdempotencyKeyReused: RetCode.RequestNoReused,
    key: { field: 'request_no' },
    messages: { keyRequired: '请求流水号(request_no)不能为空', keyReused: (requestNo) => `请求流水号重复: ${requestNo}` },
    status: 200,
    ok: (data) => ({ ret_code: RetCode.Ok, ret_msg: '交易成功', data }),
    error: (r) => ({ ret_code: r.code, ret_msg: r.message, data: r.details ?? null }),
  };

  effectRoute(sim, dialect, { path: '/openapi/fx/v2/inward-remittances/register', operation: 'openCollection' }, RegisterRemittanceSchema, (body) => {
    if (body.ccy !== 'CNY') traded(body.ccy); // cross-border RMB receipts need no FX
    const c: Collection = { no: nextId('IR'), bizRef: body.biz_ref, ccy: body.ccy, credited: 0n, settled: 0n };
    collections.set(c.no, c);
    const scenario = sim.scenario(body.biz_ref);
    const params = scenario?.params ?? {};
    const delay = scenario?.name === 'late-funds' && typeof params.businessDelayMs === 'number' ? params.businessDelayMs : BANK_B_FUNDS_DELAY_MS;
    const partial = scenario?.name === 'partial-funds' && Number.isSafeInteger(params.amountCents) && Number(params.amountCents) > 0;
    const arriving = partial ? BigInt(Number(params.amountCents)) : BigInt(body.amount_cents);
    sim.later(delay, async () => {
      if (collections.get(c.no) !== c) return; // reset since
      c.credited += arriving;
      const notice: InwardCreditNotice = {
        notify_id: `NTF${randomUUID().replaceAll('-', '')}`,
        notify_type: 'INWARD_CREDIT',
        collection_no: c.no,
        biz_ref: c.bizRef,
        ccy: c.ccy,
        amount_cents: Number(arriving),
        value_date: chinaStamp(Date.now()).slice(0, 8),
        remit_ref: nextId('RM'),
      };
      const body = opts.callbackFormat === 'native' ? notice : toFundsReceivedEvent(notice);
      await sim.sendCallback(JSON.stringify(body), 'application/json');
    });
    return { collection_no: c.no, biz_ref: c.bizRef, status: 'PENDING_CREDIT', created_time: chinaStamp(Date.now()) };
  });

  effectRoute(sim, dialect, { path: '/openapi/fx/v2/rates/lock', operation: 'quote' }, LockRateSchema, (body) => {
    const ccy = traded(body.sell_ccy);
    const validity = scaled(BANK_B_QUOTE_VALIDITY_MS, opts.timeScale, opts.quoteMinRealMs ?? 60_000);
    const lock: Lock = {
      no: nextId('LK'),
      ccy,
      cents: BigInt(body.sell_amount_cents),
      rate4: rate4(bankBBuyRatePer100(ccy)),
      validUntilMs: Math.ceil((Date.now() + validity) / 1000) * 1000, // the wire shows whole seconds
      used: false,
    };
    locks.set(lock.no, lock);
    return {
      quote_no: lock.no, sell_ccy: ccy, sell_amount_cents: body.sell_amount_cents, buy_rate: format4(lock.rate4), rate_unit: 100,
      valid_until: chinaStamp(lock.validUntilMs),
    };
  });

  effectRoute(sim, dialect, { path: '/openapi/fx/v2/settlements/execute', operation: 'settle' }, ExecuteSettlementSchema, (body) => {
    const cents = BigInt(body.amount_cents);
    const lock = locks.get(body.quote_no);
    if (!lock) throw new Rejection(200, RetCode.QuoteNotFound, `锁汇编号不存在: ${body.quote_no}`);
    if (Date.now() >= lock.validUntilMs) throw new Rejection(200, RetCode.QuoteExpired, `锁汇已过期: ${lock.no}`);
    if (lock.used) throw new Rejection(200, RetCode.QuoteUsed, `锁汇已使用: ${lock.no}`);
    if (lock.ccy !== body.ccy || lock.cents !== cents) {
      throw new Rejection(200, RetCode.QuoteMismatch, `锁汇 ${lock.no} 为 ${centsToDecimal(lock.cents)} ${lock.ccy}`);
    }
    const c = collections.get(body.collection_no);
    if (!c) throw new Rejection(200, RetCode.CollectionNotFound, `收汇编号不存在: ${body.collection_no}`);
    if (c.ccy !== body.ccy) throw new Rejection(200, RetCode.CurrencyMismatch, `收汇 ${c.no} 币种为 ${c.ccy}`);
    if (c.credited === 0n) throw new Rejection(200, RetCode.FundsNotCredited, `收汇 ${c.no} 尚未入账`);
    const available = c.credited - c.settled;
    if (cents > available) {
      throw new Rejection(200, RetCode.AmountExceedsCredited, `可结汇金额不足, 可用 ${centsToDecimal(available)} ${c.ccy}`, {
        available_cents: Number(available),
      });
    }
    lock.used = true;
    c.settled += cents;
    // cents × (CNY per 100 units, 4 decimals) = fen × 10^6; half up to the fen
    const fen = (cents * lock.rate4 + 500_000n) / 1_000_000n;
    return {
      settle_no: nextId('JH'), collection_no: c.no, quote_no: lock.no, ccy: c.ccy, amount_cents: body.amount_cents,
      buy_rate: format4(lock.rate4), rate_unit: 100, cny_amount_fen: Number(fen), settle_time: chinaStamp(Date.now()),
    };
  });

  return sim;
}
