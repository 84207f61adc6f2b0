import { BankErrorCode, type BankPort } from '../adapters/bank/port.js';
import { isAdapterError } from '../adapters/kit/errors.js';
import { DEFAULT_FX_PROVIDER } from '../domain/counterparts.js';
import type { ExportShipment } from '../domain/shipment.schema.js';
import { callOutside } from './failures.js';

export interface FxDeps {
  /** Banks and payment institutions by provider id (adapters/fx-providers.ts). */
  fxProviders: Record<string, BankPort>;
}

/** The provider a shipment chose; bank A for shipments that predate the choice. */
function provider(deps: FxDeps, id: string | undefined): BankPort {
  const port = deps.fxProviders[id ?? DEFAULT_FX_PROVIDER];
  if (!port) throw new Error(`no FX provider adapter registered for ${id}`);
  return port;
}

export const createFxActivities = (deps: FxDeps) => ({
  /** Tells the bank to expect the export proceeds for this shipment. */
  async openCollection(req: { shipmentId: string; request: ExportShipment; amount: string; idempotencyKey: string }) {
    return callOutside(() =>
      provider(deps, req.request.fxProvider).openCollection(
        {
          reference: req.shipmentId,
          currency: req.request.currency,
          amount: req.amount,
          payerName: req.request.platform.name,
          description: `${req.request.mode} export order ${req.request.orderNo}`,
        },
        req.idempotencyKey,
      ),
    );
  },
  async quoteFx(req: { shipmentId: string; provider?: string; currency: string; amount: string; idempotencyKey: string }) {
    return callOutside(() => provider(deps, req.provider).quote({ currency: req.currency, amount: req.amount }, req.idempotencyKey));
  },
  /**
   * Settles into CNY at the quote. A quote that expired on its way here (the workflow task
   * between quoteFx and settleFx waited for a busy or restarted worker) is replaced by a fresh one
   * and settled at once, in this activity: otherwise every round of the workflow's re-quote loop
   * costs two more workflow tasks, each as slow as the one that let the quote expire, and under a
   * burst no round ever settles (2026-12-07, bench §4 at 2,000 shipments released at once on one
   * worker: 1,960 shipments re-quoted every two minutes for ten minutes). Still expired then: an
   * answer (QUOTE_EXPIRED, the workflow quotes again, workflows/shipment/fx.ts), not a failure.
   * Keys: the fresh quote and its settlement get keys of their own, derived from this one, so a
   * retry of this activity finds the same quote and the same settlement at the bank.
   */
  async settleFx(req: { shipmentId: string; provider?: string; collectionId: string; quoteId: string; currency: string; amount: string; idempotencyKey: string }) {
    const port = provider(deps, req.provider);
    const settleAt = async (quoteId: string, idempotencyKey: string) => ({
      outcome: 'SETTLED' as const,
      ...(await port.settle({ collectionId: req.collectionId, quoteId, currency: req.currency, amount: req.amount }, idempotencyKey)),
    });
    try {
      return await settleAt(req.quoteId, req.idempotencyKey);
    } catch (err) {
      if (!quoteExpired(err)) return callOutside(() => Promise.reject(err));
    }
    try {
      const fresh = await port.quote({ currency: req.currency, amount: req.amount }, `${req.idempotencyKey}:requote`);
      return await settleAt(fresh.quoteId, `${req.idempotencyKey}:requoted`);
    } catch (err) {
      if (quoteExpired(err)) return { outcome: 'QUOTE_EXPIRED' as const, settlementId: '', cnyAmount: '', rate: '', settledAt: '' };
      return callOutside(() => Promise.reject(err));
    }
  },
});

const quoteExpired = (err: unknown) => isAdapterError(err) && err.code === BankErrorCode.QuoteExpired;
