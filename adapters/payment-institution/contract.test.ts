import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../domain/time.js';
import { bankContractSuite, expectedCny } from '../bank/contract.js';
import { BankErrorCode, FundsReceivedEventSchema, SettlementSchema, type OpenCollectionRequest } from '../bank/port.js';
import { TransportErrorCode } from '../kit/errors.js';
import { eventually, rejection, startCallbackReceiver, useSimulator } from '../kit/testing.js';
import { createPaymentInstitutionClient, PaymentInstitutionErrorCode as PI, type PaymentInstitutionPort } from './client.js';
import { QuotaRule } from './rules.js';
import { createPaymentInstitutionSimulator, DEFAULT_MERCHANTS } from './simulator.js';
import { MERCHANT_HEADER, PayoutFundsWebhookSchema, toFundsReceivedEvent } from './wire.js';

const SECRET = 'payment-institution-callback-secret';
const TIME_SCALE = 86_400_000; // a business day lasts about 1 ms
const merchants = { ...DEFAULT_MERCHANTS, 'M-IND-QUOTA': { type: 'INDIVIDUAL' as const, name: '李娜 (individual seller)' } };

const sim = useSimulator((callback) => createPaymentInstitutionSimulator({ timeScale: TIME_SCALE, callback, merchants }), { secret: SECRET, path: '/callbacks/bank' });
const { ledger, control } = sim;
const client = (merchantId?: string) =>
  createPaymentInstitutionClient({ baseUrl: sim.baseUrl, ...(merchantId ? { headers: { [MERCHANT_HEADER]: merchantId } } : {}) });
let port: PaymentInstitutionPort;
beforeAll(() => {
  port = client('M-IND-0001');
});

function fundsReceived(reference: string) {
  return eventually(() => sim.received.map((r) => FundsReceivedEventSchema.safeParse(r.body).data).find((e) => e?.reference === reference));
}
const payout = (amount: string, currency = 'USD'): OpenCollectionRequest => ({
  reference: `PO-${randomUUID().slice(0, 8)}`, currency, amount, payerName: 'Amazon Payments Europe S.C.A.', description: '9610 export order batch',
});
async function settleAll(p: PaymentInstitutionPort, req: OpenCollectionRequest, collectionId: string) {
  const quote = await p.quote({ currency: req.currency, amount: req.amount }, `quote:${randomUUID()}`);
  return p.settle({ collectionId, quoteId: quote.quoteId, currency: req.currency, amount: req.amount }, `settle:${randomUUID()}`);
}
/** A payout registered over raw HTTP without transaction proof (the client always sends proof). */
async function openWithoutProof(merchantId: string, req: OpenCollectionRequest): Promise<string> {
  const res = await fetch(`${sim.baseUrl}/api/v3/payout-collections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), [MERCHANT_HEADER]: merchantId },
    body: JSON.stringify({ marketplacePayoutId: req.reference, marketplace: req.payerName, expected: { value: req.amount, currency: req.currency }, memo: req.description }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

bankContractSuite(async () => ({ port, ledger, fundsReceived }));

describe('payment institution simulator and client', () => {
  it('settles an individual with transaction proof outside the annual quota, fee and BOP code shown apart', async () => {
    const req = payout('600.00');
    const { collectionId } = await port.openCollection(req, `shipment:${req.reference}:open-collection`);
    await fundsReceived(req.reference);
    const s = await settleAll(port, req, collectionId);
    expect(SettlementSchema.parse(s)).toEqual({ settlementId: s.settlementId, cnyAmount: '4243.89', rate: '7.073157', settledAt: s.settledAt });
    expect(s.cnyAmount).toBe(expectedCny('600.00', s.rate));
    expect(s).toMatchObject({
      feeCny: '12.73', feeRate: '0.003000', netCnyAmount: '4231.16', quotaRule: QuotaRule.TransactionProof, quotaConsumedUsd: '0.00',
      bopCode: '121010', bopCodeConfirmed: false,
    });
  });

  it('counts settlement without proof against the USD 50,000 annual quota and refuses beyond it', async () => {
    const quotaPort = client('M-IND-QUOTA');
    const first = payout('30000.00');
    const firstId = await openWithoutProof('M-IND-QUOTA', first);
    await fundsReceived(first.reference);
    expect(await settleAll(quotaPort, first, firstId)).toMatchObject({
      quotaRule: QuotaRule.AnnualQuota, quotaConsumedUsd: '30000.00', bopCode: '122030', bopCodeConfirmed: true,
    });
    const second = payout('30000.00');
    const secondId = await openWithoutProof('M-IND-QUOTA', second);
    await fundsReceived(second.reference);
    const err = await rejection(settleAll(quotaPort, second, secondId));
    expect(err).toMatchObject({ code: PI.AnnualQuotaExceeded, retryable: false, status: 422, details: { remainingUsd: '20000.00' } });
    const proven = payout('30000.00');
    const { collectionId } = await quotaPort.openCollection(proven, `shipment:${proven.reference}:open-collection`);
    await fundsReceived(proven.reference);
    expect(await settleAll(quotaPort, proven, collectionId)).toMatchObject({ quotaRule: QuotaRule.TransactionProof, quotaConsumedUsd: '0.00' });
    const quota = await (await fetch(`${sim.baseUrl}/api/v3/merchants/me/fx-quota`, { headers: { [MERCHANT_HEADER]: 'M-IND-QUOTA' } })).json();
    expect(quota).toMatchObject({ sellerType: 'INDIVIDUAL', limit: { value: '50000.00' }, used: { value: '30000.00' }, remaining: { value: '20000.00' } });
  });

  it('settles an enterprise without any individual quota', async () => {
    const ent = client('M-ENT-0001');
    const req = payout('1000.00', 'EUR');
    const { collectionId } = await ent.openCollection(req, `shipment:${req.reference}:open-collection`);
    await fundsReceived(req.reference);
    expect(await settleAll(ent, req, collectionId)).toMatchObject({ quotaRule: QuotaRule.Enterprise, quotaConsumedUsd: '0.00', bopCode: '121010' });
  });

  it('refuses a payout above the USD 50,000 per-transaction cap (USD equivalent)', async () => {
    for (const [amount, currency] of [['50000.01', 'USD'], ['46200.00', 'EUR']] as const) {
      const req = payout(amount, currency);
      const err = await rejection(port.openCollection(req, `shipment:${req.reference}:open-collection`));
      expect(err).toMatchObject({ code: PI.PerTransactionCapExceeded, retryable: false, status: 422, details: { capUsd: '50000.00' } });
    }
    const atCap = payout('50000.00');
    await expect(port.openCollection(atCap, `shipment:${atCap.reference}:open-collection`)).resolves.toBeDefined();
  });

  it('keys collections by the marketplace payout and requires the merchant', async () => {
    const req = payout('10.00');
    await port.openCollection(req, `shipment:${req.reference}:open-collection`);
    const dup = await rejection(port.openCollection(req, `shipment:${req.reference}:open-collection-again`));
    expect(dup).toMatchObject({ code: PI.PayoutAlreadyRegistered, retryable: false, status: 409 });
    const anonymous = await rejection(client().quote({ currency: 'USD', amount: '10.00' }, `quote:${randomUUID()}`));
    expect(anonymous).toMatchObject({ code: PI.AuthenticationFailed, retryable: false, status: 401 });
  });

  it('delivers signed platform-shape callbacks; its native webhook maps to the same event', async () => {
    const req = payout('88.00');
    await port.openCollection(req, `shipment:${req.reference}:open-collection`);
    const event = await fundsReceived(req.reference);
    expect(sim.received.find((r) => r.raw.includes(event.eventId))?.verified).toBe(true);
    const receiver = await startCallbackReceiver({ secret: SECRET, path: '/gateway/pi' });
    const native = createPaymentInstitutionSimulator({ timeScale: TIME_SCALE, callback: { url: receiver.url, secret: SECRET }, callbackFormat: 'native' });
    try {
      const p = createPaymentInstitutionClient({ baseUrl: await native.app.listen({ host: '127.0.0.1', port: 0 }), headers: { [MERCHANT_HEADER]: 'M-IND-0001' } });
      const { collectionId } = await p.openCollection(req, `shipment:${req.reference}:open-collection`);
      const hook = await eventually(() => receiver.received.map((r) => PayoutFundsWebhookSchema.safeParse(r.body).data).find(Boolean));
      expect(FundsReceivedEventSchema.parse(toFundsReceivedEvent(hook))).toMatchObject({ reference: req.reference, collectionId, amount: '88.00', currency: 'USD' });
    } finally {
      await native.app.close();
      await receiver.close();
    }
  });

  it('maps its own error names to the port codes: funds not yet received, rate lock expired', async () => {
    const req = payout('100.00');
    await control('/_control/scenarios', { key: req.reference, scenario: 'late-funds', params: { businessDelayMs: 300 * DAY } });
    const { collectionId } = await port.openCollection(req, `shipment:${req.reference}:open-collection`);
    const early = await rejection(settleAll(port, req, collectionId));
    expect(early).toMatchObject({ code: BankErrorCode.FundsNotReceived, retryable: false, status: 409 });
    const shortLived = createPaymentInstitutionSimulator({ timeScale: TIME_SCALE, quoteMinRealMs: 1 });
    try {
      const p = createPaymentInstitutionClient({ baseUrl: await shortLived.app.listen({ host: '127.0.0.1', port: 0 }), headers: { [MERCHANT_HEADER]: 'M-IND-0001' } });
      const quote = await p.quote({ currency: 'USD', amount: '5.00' }, `quote:${randomUUID()}`);
      await eventually(() => (Date.now() > Date.parse(quote.expiresAt) ? true : undefined));
      const err = await rejection(p.settle({ collectionId: 'PC_1', quoteId: quote.quoteId, currency: 'USD', amount: '5.00' }, `settle:${randomUUID()}`));
      expect(err).toMatchObject({ code: BankErrorCode.QuoteExpired, retryable: false });
    } finally {
      await shortLived.app.close();
    }
  });

  it('answers 503 during an outage (retryable) and 400 to an invalid amount (not retryable)', async () => {
    await control('/_control/outage', { durationMs: 60_000 });
    try {
      const err = await rejection(port.quote({ currency: 'USD', amount: '10.00' }, `quote:${randomUUID()}`));
      expect(err).toMatchObject({ code: TransportErrorCode.Unavailable, retryable: true, status: 503 });
    } finally {
      await control('/_control/outage', {}, 'DELETE');
    }
    const bad = await rejection(port.quote({ currency: 'USD', amount: '12.345' }, `quote:${randomUUID()}`));
    expect(bad).toMatchObject({ code: BankErrorCode.InvalidRequest, retryable: false, status: 400 });
  });
});
