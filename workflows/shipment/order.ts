import { ORDER_ARG } from '../../domain/order-ref.js';
import type { ExportShipment } from '../../domain/shipment.schema.js';
import type { ShipmentInput } from '../../domain/shipment.js';
import type { ShipmentRun } from './run.js';

/**
 * The order for an activity's argument, by reference (lean payloads, workflows/README.md): the
 * worker loads it from PostgreSQL before the activity runs (worker/order-interceptor.ts), so the
 * activity's types hold. A corrected order (revision > 0, customs.ts `awaitCorrection`) differs
 * from the stored one and is sent in full, as every order was before.
 */
export function orderArg(run: ShipmentRun): { request: ExportShipment } {
  if (run.state.revision > 0) return { request: run.exportRequest };
  return { [ORDER_ARG]: 'request' } as unknown as { request: ExportShipment };
}

/** The shipment input for an activity's argument: without its order, which the worker loads (as `orderArg`). */
export function inputArg(run: ShipmentRun): { input: ShipmentInput } {
  if (run.state.revision > 0) return { input: run.input };
  const { request: _loaded, risk: _unused, ...input } = run.input;
  return { input, [ORDER_ARG]: 'input' } as unknown as { input: ShipmentInput };
}
