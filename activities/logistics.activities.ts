import type { RailPort } from '../adapters/rail/port.js';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import { callOutside } from './failures.js';

export interface LogisticsDeps {
  rail: RailPort;
  /** Where first-leg pickups start (the zone's rail freight station). */
  origin: string;
}

export const createLogisticsActivities = (deps: LogisticsDeps) => ({
  /** Books space on a China–Europe train for the shipment. */
  async bookRail(req: { shipmentId: string; request: ShipmentCreate; idempotencyKey: string }) {
    return callOutside(() =>
      deps.rail.book(
        {
          reference: req.shipmentId,
          corridor: req.request.corridor,
          origin: deps.origin,
          destinationCountry: req.request.destination.country,
          packages: req.request.packages,
          grossWeightKg: String(req.request.grossWeightKg),
          waybillNo: req.request.logistics.waybillNo,
        },
        req.idempotencyKey,
      ),
    );
  },
  /** Tells the operator the goods are released and may be loaded. */
  async confirmLoading(req: { shipmentId: string; bookingNo: string; invtNo: string; idempotencyKey: string }) {
    return callOutside(() => deps.rail.confirmLoading({ bookingNo: req.bookingNo, invtNo: req.invtNo }, req.idempotencyKey));
  },
  /** Releases the booked space (cancellation before departure). */
  async cancelRail(req: { shipmentId: string; bookingNo: string; reason: string; idempotencyKey: string }) {
    return callOutside(() => deps.rail.cancel({ bookingNo: req.bookingNo, reason: req.reason }, req.idempotencyKey));
  },
});
