import type { CarrierPort } from '../adapters/carrier/port.js';
import { corridorInfo } from '../domain/corridors.js';
import type { ExportShipment } from '../domain/shipment.schema.js';
import { callOutside } from './failures.js';

export interface LogisticsDeps {
  /** Carrier ports by carrier id (domain/corridors.ts names which carrier serves a corridor). */
  carriers: Record<string, CarrierPort>;
  /** Where first-leg pickups start (the zone's freight station). */
  origin: string;
}

/** A booking as the workflow uses it, whatever the carrier's own answer looks like. */
export interface TransportBooking {
  bookingNo: string;
  trainNo: string;
  hub: string;
  plannedDeparture: string;
}

function carrierFor(deps: LogisticsDeps, corridor: string): CarrierPort {
  const id = corridorInfo(corridor).carrier;
  const carrier = deps.carriers[id];
  if (!carrier) throw new Error(`no carrier adapter registered for ${id} (corridor ${corridor})`);
  return carrier;
}

export const createLogisticsActivities = (deps: LogisticsDeps) => ({
  /** Books transport on the shipment's corridor (activity name kept from the rail-only version). */
  async bookRail(req: { shipmentId: string; request: ExportShipment; idempotencyKey: string }): Promise<TransportBooking> {
    const b = (await callOutside(() =>
      carrierFor(deps, req.request.corridor).book(
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
    )) as Record<string, unknown> & { bookingNo: string; plannedDeparture: string };
    // rail answers trainNo/hub; route carriers answer service/site
    return {
      bookingNo: b.bookingNo,
      trainNo: String(b.trainNo ?? b.service ?? b.bookingNo),
      hub: String(b.hub ?? b.site ?? ''),
      plannedDeparture: b.plannedDeparture,
    };
  },
  /** Tells the carrier the goods are released and may leave. */
  async confirmLoading(req: { shipmentId: string; corridor?: string; bookingNo: string; invtNo: string; idempotencyKey: string }) {
    return callOutside(() => carrierFor(deps, req.corridor ?? 'CR_EXPRESS_CHENGDU').confirmLoading({ bookingNo: req.bookingNo, invtNo: req.invtNo }, req.idempotencyKey));
  },
  /** Releases the booked space (cancellation before departure). */
  async cancelRail(req: { shipmentId: string; corridor?: string; bookingNo: string; reason: string; idempotencyKey: string }) {
    return callOutside(() => carrierFor(deps, req.corridor ?? 'CR_EXPRESS_CHENGDU').cancel({ bookingNo: req.bookingNo, reason: req.reason }, req.idempotencyKey));
  },
});
