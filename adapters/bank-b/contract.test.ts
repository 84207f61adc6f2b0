import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../domain/time.js';
import { bankContractSuite, expectedCny } from '../bank/contract.js';
import { BankErrorCode, FundsReceivedEventSchema, type BankPort, type OpenCollectionRequest } from '../bank/port.js';
import { TransportErrorCode } from '../kit/errors.js';
import { eventually, rejection, startCallbackReceiver, useSimulator } from '../kit/testing.js';
import { createBankBClient, errorForEnvelope } from './client.js';
import { bankBBuyRatePer100, createBankBSimulator } from './simulator.js';
import { InwardCreditNoticeSchema, per100ToUnitRate, RetCode, toFundsReceivedEvent } from './wire.js';

const SECRET = 'bank-b-callback-secret';
const TIME_SCALE = 86_400_000; // a business day lasts about 1 ms

const sim = useSimulator((callback) => createBankBSimulator({ timeScale: TIME_SCALE, callback }), { secret: SECRET, path: '/callbacks/bank' });
const { ledger, control } = sim;
let port: BankPort;

beforeAll(() => {
  port = createBankBClient({ baseUrl: sim.baseUrl });
});

function fundsReceived(reference: string) {
  return eventually(() =>
    sim.received.map((r) => FundsReceivedEventSchema.safeParse(r.body).data).find((event) => event?.reference === reference),
  );
}

const collection = (amount: string): OpenCollectionRequest => ({
  reference: `SHP-${randomUUID().slice(0, 8)}`,
  currency: 'USD',
  amount,
  payerName: 'Shopee Singapore Pte. Ltd.',
  description: '9610 export proceeds',
});

async function post(path: string, body: unknown) {
  const res = await fetch(`${sim.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { ret_code: string; ret_msg: string; data: Record<string, unknown> | null } };
}

bankContractSuite(async () => ({ port, ledger, fundsReceived }));

describe('bank B simulator and client', () => {
  it('speaks its own wire: snake_case, ret_code envelope on HTTP 200, cents, rates per 100 units', async () => {
    const res = await post('/openapi/fx/v2/rates/lock', { request_no: `RQ${randomUUID()}`, sell_ccy: 'USD', sell_amount_cents: 60000 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ret_code: '000000', data: { sell_amount_cents: 60000, buy_rate: '708.3685', rate_unit: 100 } });
    expect(res.body.data?.valid_until).toMatch(/^\d{14}$/);
    const missing = await post('/openapi/fx/v2/rates/lock', { sell_ccy: 'USD', sell_amount_cents: 100 });
    expect(missing).toMatchObject({ status: 200, body: { ret_code: RetCode.RequestNoRequired, data: null } });
    const bad = await post('/openapi/fx/v2/rates/lock', { request_no: 'RQ1', sell_ccy: 'USD', sell_amount_cents: 12.5 });
    expect(bad.body.ret_code).toBe(RetCode.InvalidRequest);
  });

  it('quotes its own rate table (0.30 % below mid) and settles to the fen', async () => {
    expect(bankBBuyRatePer100('USD')).toBe('708.3685');
    expect(per100ToUnitRate('708.3685')).toBe('7.083685');
    expect(per100ToUnitRate('4.7288')).toBe('0.047288');
    const req = collection('600.00');
    const { collectionId } = await port.openCollection(req, `shipment:${req.reference}:open-collection`);
    await fundsReceived(req.reference);
    const quote = await port.quote({ currency: 'USD', amount: '600.00' }, `shipment:${req.reference}:quote`);
    expect(quote.rate).toBe('7.083685');
    const settlement = await port.settle({ collectionId, quoteId: quote.quoteId, currency: 'USD', amount: '600.00' }, `shipment:${req.reference}:settle`);
    expect(settlement.cnyAmount).toBe('4250.21');
    expect(settlement.cnyAmount).toBe(expectedCny('600.00', quote.rate));
  });

  it('delivers the funds callback signed, in the platform shape, mapped from its own notice', async () => {
    const req = collection('300.00');
    const { collectionId } = await port.openCollection(req, `shipment:${req.reference}:open-collection`);
    const event = await fundsReceived(req.reference);
    expect(event).toMatchObject({ type: 'FUNDS_RECEIVED', collectionId, amount: '300.00', currency: 'USD' });
    expect(sim.received.find((r) => r.raw.includes(event.eventId))?.verified).toBe(true);
  });

  it('can send its native INWARD_CREDIT notice, which toFundsReceivedEvent maps for the platform', async () => {
    const receiver = await startCallbackReceiver({ secret: SECRET, path: '/gateway/bank-b' });
    const native = createBankBSimulator({ timeScale: TIME_SCALE, callback: { url: receiver.url, secret: SECRET }, callbackFormat: 'native' });
    try {
      const client = createBankBClient({ baseUrl: await native.app.listen({ host: '127.0.0.1', port: 0 }) });
      const req = collection('1234.56');
      const { collectionId } = await client.openCollection(req, `shipment:${req.reference}:open-collection`);
      const notice = await eventually(() => receiver.received.map((r) => InwardCreditNoticeSchema.safeParse(r.body).data).find(Boolean));
      expect(notice).toMatchObject({ notify_type: 'INWARD_CREDIT', biz_ref: req.reference, collection_no: collectionId, amount_cents: 123456 });
      const event = FundsReceivedEventSchema.parse(toFundsReceivedEvent(notice));
      expect(event).toMatchObject({ reference: req.reference, collectionId, amount: '1234.56', currency: 'USD' });
      expect(event.valueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    } finally {
      await native.app.close();
      await receiver.close();
    }
  });

  it('maps "not credited yet" to BANK.FUNDS_NOT_RECEIVED, then settles once late funds arrive', async () => {
    const req = collection('1000.00');
    await control('/_control/scenarios', { key: req.reference, scenario: 'late-funds', params: { businessDelayMs: 300 * DAY } });
    const { collectionId } = await port.openCollection(req, `shipment:${req.reference}:open-collection`);
    const quote = await port.quote({ currency: 'USD', amount: '1000.00' }, `shipment:${req.reference}:quote`);
    const settle = { collectionId, quoteId: quote.quoteId, currency: 'USD', amount: '1000.00' };
    const early = await rejection(port.settle(settle, `shipment:${req.reference}:settle-1`));
    expect(early).toMatchObject({ code: BankErrorCode.FundsNotReceived, retryable: false, details: { retCode: RetCode.FundsNotCredited } });
    await fundsReceived(req.reference);
    expect((await port.settle(settle, `shipment:${req.reference}:settle-2`)).cnyAmount).toBe('7083.69');
  });

  it('reports partial credit and refuses beyond it, with the available amount in decimal', async () => {
    const req = collection('1000.00');
    await control('/_control/scenarios', { key: req.reference, scenario: 'partial-funds', params: { amountCents: 60000 } });
    const { collectionId } = await port.openCollection(req, `shipment:${req.reference}:open-collection`);
    expect((await fundsReceived(req.reference)).amount).toBe('600.00');
    const full = await port.quote({ currency: 'USD', amount: '1000.00' }, `quote:${randomUUID()}`);
    const err = await rejection(port.settle({ collectionId, quoteId: full.quoteId, currency: 'USD', amount: '1000.00' }, `settle:${randomUUID()}`));
    expect(err).toMatchObject({ code: BankErrorCode.AmountExceedsReceived, retryable: false, details: { available: '600.00' } });
  });

  it('expires a rate lock after 10 business minutes (BANK.QUOTE_EXPIRED)', async () => {
    const shortLived = createBankBSimulator({ timeScale: TIME_SCALE, quoteMinRealMs: 1 });
    try {
      const client = createBankBClient({ baseUrl: await shortLived.app.listen({ host: '127.0.0.1', port: 0 }) });
      const quote = await client.quote({ currency: 'EUR', amount: '50.00' }, `quote:${randomUUID()}`);
      await eventually(() => (Date.now() > Date.parse(quote.expiresAt) ? true : undefined));
      const err = await rejection(client.settle({ collectionId: 'IR1', quoteId: quote.quoteId, currency: 'EUR', amount: '50.00' }, `settle:${randomUUID()}`));
      expect(err).toMatchObject({ code: BankErrorCode.QuoteExpired, retryable: false });
    } finally {
      await shortLived.app.close();
    }
  });

  it('rejects an invalid request in the client and maps SYS codes to retryable errors', async () => {
    const err = await rejection(port.quote({ currency: 'USD', amount: '12.345' }, `quote:${randomUUID()}`));
    expect(err).toMatchObject({ code: BankErrorCode.InvalidRequest, retryable: false });
    expect(errorForEnvelope({ ret_code: RetCode.SystemBusy, ret_msg: '系统繁忙', data: null })).toMatchObject({ code: TransportErrorCode.Unavailable, retryable: true });
    expect(errorForEnvelope({ ret_code: 'FX9999', ret_msg: '?', data: null })).toMatchObject({ code: TransportErrorCode.ClientError, retryable: false });
  });

  it('answers 503 during an outage, which the client reports as retryable', async () => {
    await control('/_control/outage', { durationMs: 60_000 });
    try {
      const err = await rejection(port.quote({ currency: 'USD', amount: '10.00' }, `quote:${randomUUID()}`));
      expect(err).toMatchObject({ code: TransportErrorCode.Unavailable, retryable: true, status: 503 });
    } finally {
      await control('/_control/outage', {}, 'DELETE');
    }
    await expect(port.quote({ currency: 'USD', amount: '10.00' }, `quote:${randomUUID()}`)).resolves.toBeDefined();
  });
});
