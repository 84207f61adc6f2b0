import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeContract, rejection, type ContractHarness } from '../kit/testing.js';
import { BankErrorCode, type BankPort, type FundsReceivedEvent, type OpenCollectionRequest } from './port.js';

export interface BankContractHarness extends ContractHarness<BankPort> {
  /** Resolves with the FUNDS_RECEIVED notice for a reference once it has arrived (bounded wait). */
  fundsReceived(reference: string): Promise<FundsReceivedEvent>;
}

/** Exact CNY amount: amount × rate, rounded half up to fen. */
export function expectedCny(amount: string, rate: string): string {
  const [ai = '0', af = ''] = amount.split('.');
  const [ri = '0', rf = ''] = rate.split('.');
  const product = BigInt(ai + af.padEnd(2, '0')) * BigInt(ri + rf);
  const divisor = 10n ** BigInt(rf.length);
  const fen = (product + divisor / 2n) / divisor;
  const s = fen.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** What every implementation of BankPort must do (simulator on every test run; the real bank via scripts). */
export function bankContractSuite(makePort: () => Promise<BankContractHarness>): void {
  describeContract('BankPort contract', makePort, (h) => {
    const collection = (over: Partial<OpenCollectionRequest> = {}): OpenCollectionRequest => ({
      reference: `SHP-${randomUUID().slice(0, 8)}`,
      currency: 'USD',
      amount: '1234.56',
      payerName: 'Amazon Payments Europe S.C.A.',
      description: '9610 export proceeds, order batch',
      ...over,
    });

    async function funded(req: OpenCollectionRequest) {
      const { collectionId } = await h.port.openCollection(req, `shipment:${req.reference}:open-collection`);
      const event = await h.fundsReceived(req.reference);
      return { collectionId, event };
    }

    it('opens a collection once per idempotency key', async () => {
      const req = collection();
      const key = `shipment:${req.reference}:open-collection`;
      const first = await h.port.openCollection(req, key);
      const again = await h.port.openCollection(req, key);
      expect(again).toEqual(first);
      expect(await h.ledger(key)).toEqual([expect.objectContaining({ operation: 'openCollection', requests: 2 })]);
    });

    it('reports the funds received for a collection, cross-border CNY included', async () => {
      const cny = collection({ currency: 'CNY', amount: '5000.00' });
      expect((await funded(cny)).event).toMatchObject({ amount: '5000.00', currency: 'CNY' });
      const req = collection({ currency: 'EUR', amount: '880.00' });
      const { collectionId, event } = await funded(req);
      expect(event).toMatchObject({ type: 'FUNDS_RECEIVED', reference: req.reference, collectionId, amount: '880.00', currency: 'EUR' });
      expect(event.valueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('quotes a rate that is still valid, the same quote for a repeated key', async () => {
      const key = `quote:${randomUUID()}`;
      const quote = await h.port.quote({ currency: 'USD', amount: '100.00' }, key);
      expect(Number(quote.rate)).toBeGreaterThan(0);
      expect(Date.parse(quote.expiresAt)).toBeGreaterThan(Date.now());
      expect(await h.port.quote({ currency: 'USD', amount: '100.00' }, key)).toEqual(quote);
      expect(await h.ledger(key)).toHaveLength(1);
    });

    it('settles received funds into CNY at the quoted rate, rounded to fen, once per key', async () => {
      const req = collection();
      const { collectionId } = await funded(req);
      const quote = await h.port.quote({ currency: 'USD', amount: req.amount }, `shipment:${req.reference}:quote`);
      const settle = { collectionId, quoteId: quote.quoteId, currency: 'USD', amount: req.amount };
      const key = `shipment:${req.reference}:settle`;
      const settlement = await h.port.settle(settle, key);
      expect(settlement.rate).toBe(quote.rate);
      expect(settlement.cnyAmount).toBe(expectedCny(req.amount, quote.rate));
      expect(await h.port.settle(settle, key)).toEqual(settlement);
      expect(await h.ledger(key)).toEqual([expect.objectContaining({ operation: 'settle', requests: 2 })]);
    });

    it('refuses currencies the bank does not trade, and CNY for FX', async () => {
      for (const currency of ['RUB', 'CNY']) {
        const quoteErr = await rejection(h.port.quote({ currency, amount: '100.00' }, `quote:${randomUUID()}`));
        expect(quoteErr).toMatchObject({ code: BankErrorCode.CurrencyNotSupported, retryable: false });
      }
      const req = collection({ currency: 'XAU' });
      const openErr = await rejection(h.port.openCollection(req, `shipment:${req.reference}:open-collection`));
      expect(openErr).toMatchObject({ code: BankErrorCode.CurrencyNotSupported, retryable: false });
    });

    it('refuses to settle more than was received', async () => {
      const req = collection({ amount: '500.00' });
      const { collectionId } = await funded(req);
      const quote = await h.port.quote({ currency: 'USD', amount: '500.01' }, `quote:${randomUUID()}`);
      const err = await rejection(
        h.port.settle({ collectionId, quoteId: quote.quoteId, currency: 'USD', amount: '500.01' }, `settle:${randomUUID()}`),
      );
      expect(err).toMatchObject({ code: BankErrorCode.AmountExceedsReceived, retryable: false });
    });

    it('refuses an unknown quote and a reused idempotency key', async () => {
      const req = collection();
      const { collectionId } = await funded(req);
      const unknown = await rejection(
        h.port.settle({ collectionId, quoteId: 'QT-NO-SUCH-QUOTE', currency: 'USD', amount: '1.00' }, `settle:${randomUUID()}`),
      );
      expect(unknown).toMatchObject({ code: BankErrorCode.QuoteNotFound, retryable: false });
      const key = `quote:${randomUUID()}`;
      await h.port.quote({ currency: 'USD', amount: '10.00' }, key);
      const reused = await rejection(h.port.quote({ currency: 'USD', amount: '20.00' }, key));
      expect(reused).toMatchObject({ code: BankErrorCode.IdempotencyKeyReused, retryable: false });
    });
  });
}
