import { ApplicationFailure } from '@temporalio/common';
import type { CarrierPort, TransportBooking } from '../adapters/carrier/port.js';
import { corridorInfo } from '../domain/corridors.js';
import type { ExportShipment } from '../domain/shipment.schema.js';
import { callOutside } from './failures.js';

export type { TransportBooking } from '../adapters/carrier/port.js';

export interface LogisticsDeps {
  /** Carrier ports by carrier id (domain/corridors.ts names which carrier serves a corridor). */
  carriers: Record<string, CarrierPort>;
  /** Where first-leg pickups start (the zone's freight station). */
  origin: string;
}

export interface BookTransportRequest {
  shipmentId: string;
  request: ExportShipment;
  idempotencyKey: string;
}

/** A booking to load or cancel, on the shipment's corridor (which names its carrier). */
export interface BookingRequest {
  shipmentId: string;
  corridor: string;
  bookingNo: string;
  idempotencyKey: string;
}

/** Why a logistics activity refuses its input (the ApplicationFailure `type`; non-retryable). */
export const LogisticsFailure = {
  /** The corridor is not one of domain/corridors.ts. */
  UNKNOWN_CORRIDOR: 'UNKNOWN_CORRIDOR',
  /** An input without a corridor whose carrier cannot be derived. */
  CORRIDOR_REQUIRED: 'CORRIDOR_REQUIRED',
} as const;

/**
 * The carrier of the only corridors there were before corridors came in (commit 781dae8,
 * 2026-11-26): the China–Europe rail operator served both CR_EXPRESS corridors and was the only
 * carrier. Loading and cancellation inputs scheduled by the workflow code of then carry no
 * corridor (test/replay/histories/before-lean-9610-*); theirs is this carrier.
 */
const CARRIER_BEFORE_CORRIDORS = corridorInfo('CR_EXPRESS_CHENGDU').carrier;

function carrierFor(deps: LogisticsDeps, corridor: string): CarrierPort {
  let id: string;
  try {
    id = corridorInfo(corridor).carrier;
  } catch {
    throw ApplicationFailure.create({ type: LogisticsFailure.UNKNOWN_CORRIDOR, message: `unknown corridor ${corridor}`, nonRetryable: true });
  }
  return registeredCarrier(deps, id, `corridor ${corridor}`);
}

function registeredCarrier(deps: LogisticsDeps, id: string, why: string): CarrierPort {
  const carrier = deps.carriers[id];
  // a worker without this carrier is misconfigured: retried, so a corrected deployment carries on
  if (!carrier) throw new Error(`no carrier adapter registered for ${id} (${why})`);
  return carrier;
}

/**
 * The carrier holding a booking. New inputs name the corridor; one without (scheduled before
 * corridors existed, or a loading/cancellation input of an activity task still pending from
 * then) is the rail operator's, the only carrier then. Anything else fails clearly.
 */
function carrierOfBooking(deps: LogisticsDeps, req: { corridor?: unknown; bookingNo: string }): CarrierPort {
  if (typeof req.corridor === 'string') return carrierFor(deps, req.corridor);
  if (req.corridor === undefined) return registeredCarrier(deps, CARRIER_BEFORE_CORRIDORS, `booking ${req.bookingNo} made before corridors existed`);
  throw ApplicationFailure.create({ type: LogisticsFailure.CORRIDOR_REQUIRED, message: `booking ${req.bookingNo}: the corridor must be a corridor id`, nonRetryable: true });
}

export const createLogisticsActivities = (deps: LogisticsDeps) => {
  /** Books transport on the shipment's corridor; the carrier's client maps its answer onto the common booking. */
  async function bookTransport(req: BookTransportRequest): Promise<TransportBooking> {
    const booked = await callOutside(() =>
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
    );
    return booked.transport;
  }

  /** Tells the carrier the goods are released and may leave. */
  async function confirmLoading(req: BookingRequest & { invtNo: string }) {
    return callOutside(() => carrierOfBooking(deps, req).confirmLoading({ bookingNo: req.bookingNo, invtNo: req.invtNo }, req.idempotencyKey));
  }

  /** Releases the booked space (cancellation before departure). */
  async function cancelBooking(req: BookingRequest & { reason: string }) {
    return callOutside(() => carrierOfBooking(deps, req).cancel({ bookingNo: req.bookingNo, reason: req.reason }, req.idempotencyKey));
  }

  // Keys are the names the worker registers: `bookRail` and `cancelRail` are kept from the
  // rail-only era for every carrier, because running shipments and the replay histories schedule
  // them by those names (docs/glossary.md). Workflow code calls them bookTransport and
  // cancelBooking (workflows/shipment/options.ts).
  return { bookRail: bookTransport, confirmLoading, cancelRail: cancelBooking };
};
