// Workflow code (bundled into the test's v2 workflow bundles only): the step that v2 adds.
import { effectKey } from '../../domain/idempotency.js';
import { round5, shipmentGoodsValue } from '../../domain/shipment.js';
import type { Acts } from '../../workflows/shipment/options.js';
import type { ShipmentRun } from '../../workflows/shipment/run.js';

/** The patch id of the change (what `patched()`, the history marker and TemporalChangeVersion carry). */
export const INDICATIVE_QUOTE_PATCH = 'indicative-fx-quote';

/**
 * The change v2 makes: as soon as customs accepted the declaration (logic check passed), ask the
 * shipment's FX provider for an indicative quote and put the expected CNY proceeds on the
 * timeline (FX_INDICATIVE). One new activity (quoteFx) and one projection write, i.e. new
 * commands in the middle of the flow: histories recorded without them must not meet them.
 */
export async function indicativeQuote(run: ShipmentRun, acts: Acts): Promise<void> {
  const { shipmentId } = run.input;
  const request = run.exportRequest;
  if (request.currency === 'CNY') return;
  const amount = round5(shipmentGoodsValue(request) + request.freight).toFixed(2);
  const quote = await acts(`Indicative FX quote ${request.currency}→CNY`).quoteFx({
    shipmentId,
    provider: request.fxProvider,
    currency: request.currency,
    amount,
    idempotencyKey: effectKey(shipmentId, 'fx-quote-indicative'),
  });
  await run.record('FX_INDICATIVE', `expected proceeds ${amount} ${request.currency} ≈ CNY ${(Number(amount) * Number(quote.rate)).toFixed(2)} at ${quote.rate} (indicative)`);
}
