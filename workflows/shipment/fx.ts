import { effectKey } from '../../domain/idempotency.js';
import { SLA, type Acts } from './options.js';
import type { ShipmentRun } from './run.js';
import { orderArg } from './order.js';

/**
 * Opens a collection for export proceeds, waits for the funds, records a mismatch with what was
 * expected (money flow vs declaration) and settles foreign currency into CNY, re-quoting when a
 * quote expired. `batch` names one of several collections of a shipment (9810 sales batches);
 * without it the keys are the shipment's single collection's.
 */
export async function collectAndSettle(run: ShipmentRun, acts: Acts, o: { amount: string; batch?: string }): Promise<void> {
  const { shipmentId } = run.input;
  const request = run.exportRequest;
  const step = (name: string) => (o.batch ? `${name}-${o.batch}` : name);
  const collection = await acts('Open FX collection at the bank').openCollection({ shipmentId, ...orderArg(run), amount: o.amount, idempotencyKey: effectKey(shipmentId, step('fx-collection')) });
  run.state.collectionId = collection.collectionId;
  // funds count for the collection opened here (patch 'callbacks-bound'; before, the first funds of any)
  const fundsOf = () => (o.batch || run.bound ? run.fundsByCollection.get(collection.collectionId) : run.funds);
  await run.waitWithSla(() => fundsOf() !== undefined, SLA.funds, 'FX receipt');
  const funds = fundsOf()!;
  await run.record('FUNDS_RECEIVED', `${funds.amount} ${funds.currency} received (${funds.bankRef})`);
  // Reconcile the money flow with the declaration: a different amount or currency is kept on
  // the timeline (the reconciliation issue raises alerts from it); what arrived is settled.
  if (funds.currency !== request.currency || Number(funds.amount) !== Number(o.amount)) {
    await run.record('FX_MISMATCH', `expected ${o.amount} ${request.currency}, received ${funds.amount} ${funds.currency}`);
  }
  if (request.currency === 'CNY') return;
  for (let attempt = 0; ; attempt++) {
    const quote = await acts(`FX quote ${funds.currency}→CNY`).quoteFx({ shipmentId, provider: request.fxProvider, currency: funds.currency, amount: funds.amount, idempotencyKey: effectKey(shipmentId, step('fx-quote'), attempt) });
    const settled = await acts('Settle FX into CNY (结汇)').settleFx({
      shipmentId,
      provider: request.fxProvider,
      collectionId: collection.collectionId,
      quoteId: quote.quoteId,
      currency: funds.currency,
      amount: funds.amount,
      idempotencyKey: effectKey(shipmentId, step('fx-settlement'), attempt),
    });
    if (settled.outcome === 'QUOTE_EXPIRED') continue;
    run.state.settlementId = settled.settlementId;
    run.state.cnyAmount = settled.cnyAmount;
    run.state.fxRate = settled.rate;
    await run.record('FX_SETTLED', `settled ${funds.amount} ${funds.currency} → ${settled.cnyAmount} CNY at ${settled.rate}`);
    return;
  }
}
