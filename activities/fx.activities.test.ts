import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBankClient } from '../adapters/bank/client.js';
import { FundsReceivedEventSchema, type BankPort } from '../adapters/bank/port.js';
import { createBankSimulator } from '../adapters/bank/simulator.js';
import { eventually, useSimulator } from '../adapters/kit/testing.js';
import { DEFAULT_FX_PROVIDER } from '../domain/counterparts.js';
import { createFxActivities } from './fx.activities.js';

const SECRET = 'bank-callback-secret';
const TIME_SCALE = 86_400_000; // a business day lasts about 1 ms

// quotes live 300 ms of real time: long enough for a quote and its settlement in one activity, short enough to wait out
const sim = useSimulator((callback) => createBankSimulator({ timeScale: TIME_SCALE, callback, quoteMinRealMs: 300 }), { secret: SECRET, path: '/callbacks/bank' });
let port: BankPort;
let fx: ReturnType<typeof createFxActivities>;

beforeAll(() => {
  port = createBankClient({ baseUrl: sim.baseUrl });
  fx = createFxActivities({ fxProviders: { [DEFAULT_FX_PROVIDER]: port } });
});

/** A collection with its funds in, as the workflow has it before it settles. */
async function fundedCollection(amount: string) {
  const reference = `SHP-${randomUUID().slice(0, 8)}`;
  const { collectionId } = await port.openCollection({ reference, currency: 'USD', amount, payerName: 'Shopee Singapore Pte. Ltd.', description: '9610 export proceeds' }, `shipment:${reference}:fx-collection`);
  await eventually(() => sim.received.map((r) => FundsReceivedEventSchema.safeParse(r.body).data).find((e) => e?.reference === reference));
  return { reference, collectionId };
}

/** Resolves once the quote's validity has passed. */
const expired = (quote: { expiresAt: string }) => eventually(() => (Date.now() > Date.parse(quote.expiresAt) ? true : undefined));

describe('settleFx', () => {
  it('settles at a fresh quote, once, when the quote it was given expired on the way', async () => {
    const { reference, collectionId } = await fundedCollection('250.00');
    const quote = await port.quote({ currency: 'USD', amount: '250.00' }, `shipment:${reference}:fx-quote:r0`);
    await expired(quote);
    const req = { shipmentId: reference, provider: DEFAULT_FX_PROVIDER, collectionId, quoteId: quote.quoteId, currency: 'USD', amount: '250.00', idempotencyKey: `shipment:${reference}:fx-settlement:r0` };
    const settled = await fx.settleFx(req);
    expect(settled).toMatchObject({ outcome: 'SETTLED', settlementId: expect.any(String) });
    expect(Number(settled.cnyAmount)).toBeGreaterThan(1000); // 250 USD at about 7.1
    // the activity retried (a worker crash after the bank answered): the same settlement, no second one
    expect(await fx.settleFx(req)).toEqual(settled);
    expect(await sim.ledger(`${req.idempotencyKey}:requoted`)).toEqual([expect.objectContaining({ operation: 'settle', requests: 2 })]);
    expect(await sim.ledger(req.idempotencyKey)).toEqual([]);
  });

  it('answers QUOTE_EXPIRED when the fresh quote expired too, so the workflow quotes again', async () => {
    const { reference, collectionId } = await fundedCollection('80.00');
    const slow: BankPort = {
      ...port,
      // the bank answers the fresh quote, then the settlement arrives after it expired
      quote: async (body, key) => {
        const q = await port.quote(body, key);
        await expired(q);
        return q;
      },
    };
    const quote = await port.quote({ currency: 'USD', amount: '80.00' }, `shipment:${reference}:fx-quote:r0`);
    await expired(quote);
    const answer = await createFxActivities({ fxProviders: { [DEFAULT_FX_PROVIDER]: slow } }).settleFx({ shipmentId: reference, provider: DEFAULT_FX_PROVIDER, collectionId, quoteId: quote.quoteId, currency: 'USD', amount: '80.00', idempotencyKey: `shipment:${reference}:fx-settlement:r0` });
    expect(answer.outcome).toBe('QUOTE_EXPIRED');
  });
});
