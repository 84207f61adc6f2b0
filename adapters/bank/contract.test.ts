import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../domain/time.js';
import { TransportErrorCode } from '../kit/errors.js';
import { eventually, rejection, useSimulator } from '../kit/testing.js';
import { createBankClient } from './client.js';
import { bankContractSuite } from './contract.js';
import { BankErrorCode, FundsReceivedEventSchema, type BankPort, type OpenCollectionRequest } from './port.js';
import { bidRate, createBankSimulator } from './simulator.js';

const SECRET = 'bank-callback-secret';
const TIME_SCALE = 86_400_000; // a business day lasts about 1 ms

const sim = useSimulator((callback) => createBankSimulator({ timeScale: TIME_SCALE, callback }), { secret: SECRET, path: '/callbacks/bank' });
const { ledger, control } = sim;
let port: BankPort;

beforeAll(() => {
  port = createBankClient({ baseUrl: sim.baseUrl });
});

function fundsReceived(reference: string) {
  return eventually(() =>
    sim.received
      .map((r) => FundsReceivedEventSchema.safeParse(r.body).data)
      .find((event) => event?.reference === reference),
  );
}

const collection = (amount: string): OpenCollectionRequest => ({
  reference: `SHP-${randomUUID().slice(0, 8)}`,
  currency: 'USD',
  amount,
  payerName: 'Shopee Singapore Pte. Ltd.',
  description: '9610 export proceeds',
});

bankContractSuite(async () => ({ port, ledger, fundsReceived }));

describe('bank simulator', () => {
  it('sends FUNDS_RECEIVED callbacks signed with the shared secret', async () => {
    const req = collection('300.00');
    const { collectionId } = await port.openCollection(req, `shipment:${req.reference}:open-collection`);
    const event = await fundsReceived(req.reference);
    expect(event).toMatchObject({ collectionId, amount: '300.00', currency: 'USD' });
    const delivery = sim.received.find((r) => r.raw.includes(event.eventId));
    expect(delivery?.verified).toBe(true);
  });

  it('quotes the bid side of its rate table and settles at it, to the fen', async () => {
    expect(bidRate('USD')).toBe('7.082250');
    const req = collection('600.00');
    const { collectionId } = await port.openCollection(req, `shipment:${req.reference}:open-collection`);
    await fundsReceived(req.reference);
    const quote = await port.quote({ currency: 'USD', amount: '600.00' }, `shipment:${req.reference}:quote`);
    expect(quote.rate).toBe('7.082250');
    const settlement = await port.settle({ collectionId, quoteId: quote.quoteId, currency: 'USD', amount: '600.00' }, `shipment:${req.reference}:settle`);
    expect(settlement.cnyAmount).toBe('4249.35');
  });

  it('refuses settlement until late funds arrive, then settles', async () => {
    const req = collection('1000.00');
    await control('/_control/scenarios', { key: req.reference, scenario: 'late-funds', params: { businessDelayMs: 1000 * DAY } });
    const { collectionId } = await port.openCollection(req, `shipment:${req.reference}:open-collection`);
    const quote = await port.quote({ currency: 'USD', amount: '1000.00' }, `shipment:${req.reference}:quote`);
    const settle = { collectionId, quoteId: quote.quoteId, currency: 'USD', amount: '1000.00' };
    const early = await rejection(port.settle(settle, `shipment:${req.reference}:settle-1`));
    expect(early).toMatchObject({ code: BankErrorCode.FundsNotReceived, retryable: false, status: 409 });
    await fundsReceived(req.reference);
    expect((await port.settle(settle, `shipment:${req.reference}:settle-2`)).cnyAmount).toBe('7082.25');
  });

  it('holds the funds under held-funds until the scenario is replaced', async () => {
    const req = collection('500.00');
    await control('/_control/scenarios', { key: req.reference, scenario: 'held-funds' });
    await port.openCollection(req, `shipment:${req.reference}:open-collection`);
    // 2 business days are 2 ms here: held, nothing arrives in 50 times that
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.received.some((r) => FundsReceivedEventSchema.safeParse(r.body).data?.reference === req.reference)).toBe(false);
    await control('/_control/scenarios', { key: req.reference, scenario: 'released' });
    expect((await fundsReceived(req.reference)).amount).toBe('500.00');
  });

  it('reports partial funds and refuses to settle beyond them', async () => {
    const req = collection('1000.00');
    await control('/_control/scenarios', { key: req.reference, scenario: 'partial-funds', params: { amount: '600.00' } });
    const { collectionId } = await port.openCollection(req, `shipment:${req.reference}:open-collection`);
    expect((await fundsReceived(req.reference)).amount).toBe('600.00');
    const full = await port.quote({ currency: 'USD', amount: '1000.00' }, `quote:${randomUUID()}`);
    const err = await rejection(port.settle({ collectionId, quoteId: full.quoteId, currency: 'USD', amount: '1000.00' }, `settle:${randomUUID()}`));
    expect(err).toMatchObject({ code: BankErrorCode.AmountExceedsReceived, retryable: false, details: { body: { details: { available: '600.00' } } } });
    const part = await port.quote({ currency: 'USD', amount: '600.00' }, `quote:${randomUUID()}`);
    const ok = await port.settle({ collectionId, quoteId: part.quoteId, currency: 'USD', amount: '600.00' }, `settle:${randomUUID()}`);
    expect(ok.cnyAmount).toBe('4249.35');
  });

  it('refuses a quote once 30 business minutes have passed', async () => {
    const shortLived = createBankSimulator({ timeScale: TIME_SCALE, quoteMinRealMs: 1 });
    try {
      const client = createBankClient({ baseUrl: await shortLived.app.listen({ host: '127.0.0.1', port: 0 }) });
      const quote = await client.quote({ currency: 'EUR', amount: '50.00' }, `quote:${randomUUID()}`);
      await eventually(() => (Date.now() > Date.parse(quote.expiresAt) ? true : undefined));
      const err = await rejection(client.settle({ collectionId: 'COL1', quoteId: quote.quoteId, currency: 'EUR', amount: '50.00' }, `settle:${randomUUID()}`));
      expect(err).toMatchObject({ code: BankErrorCode.QuoteExpired, retryable: false });
    } finally {
      await shortLived.app.close();
    }
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

  it('requires an idempotency key and a valid body', async () => {
    const res = await fetch(`${sim.baseUrl}/v1/fx/quotes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"currency":"USD","amount":"1.00"}' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: BankErrorCode.IdempotencyKeyRequired });
    const err = await rejection(port.quote({ currency: 'USD', amount: '12.345' }, `quote:${randomUUID()}`));
    expect(err).toMatchObject({ code: BankErrorCode.InvalidRequest, retryable: false, status: 400 });
  });
});
