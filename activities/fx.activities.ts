import type { BankPort } from '../adapters/bank/port.js';
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
  /** Settles into CNY; an expired quote is an answer (re-quote), not a failure. */
  async settleFx(req: { shipmentId: string; provider?: string; collectionId: string; quoteId: string; currency: string; amount: string; idempotencyKey: string }) {
    try {
      const s = await provider(deps, req.provider).settle(
        { collectionId: req.collectionId, quoteId: req.quoteId, currency: req.currency, amount: req.amount },
        req.idempotencyKey,
      );
      return { outcome: 'SETTLED' as const, ...s };
    } catch (err) {
      if (isAdapterError(err) && err.code === 'BANK.QUOTE_EXPIRED') {
        return { outcome: 'QUOTE_EXPIRED' as const, settlementId: '', cnyAmount: '', rate: '', settledAt: '' };
      }
      return callOutside(() => Promise.reject(err));
    }
  },
});
