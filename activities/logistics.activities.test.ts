import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { CarrierPort, TransportBooking } from '../adapters/carrier/port.js';
import { exampleShipment } from '../adapters/single-window/fixtures.js';
import type { ExportShipment } from '../domain/shipment.schema.js';
import { createLogisticsActivities, LogisticsFailure } from './logistics.activities.js';

/** A carrier port that answers from memory and records what it was asked (carrier id, operation, booking). */
function carrier(id: string, calls: string[], transport: TransportBooking): CarrierPort {
  return {
    book: async () => ({ bookingNo: transport.bookingNo, plannedDeparture: transport.plannedDeparture, service: 'its own field', transport }),
    confirmLoading: async ({ bookingNo }) => (calls.push(`${id} load ${bookingNo}`), { bookingNo, loadingConfirmed: true }),
    cancel: async ({ bookingNo }) => (calls.push(`${id} cancel ${bookingNo}`), { bookingNo, cancelled: true }),
  };
}

const planned = '2026-12-08T02:00:00.000Z';
const railBooking = { bookingNo: 'CRCD202612060001', conveyanceRef: 'X8006', hub: 'Chengdu Qingbaijiang', plannedDeparture: planned };
const seaBooking = { bookingNo: 'ILSX202612060001', conveyanceRef: 'ILSTC rail–sea train Chongqing–Qinzhou', hub: 'Chongqing Tuanjiecun', plannedDeparture: planned };

function activities() {
  const calls: string[] = [];
  const carriers = { rail: carrier('rail', calls, railBooking), 'land-sea': carrier('land-sea', calls, seaBooking) };
  return { calls, a: createLogisticsActivities({ carriers, origin: 'Dazhou (达州)' }) };
}

const shipment = (corridor: ExportShipment['corridor']) => exampleShipment({ corridor }).request as ExportShipment;
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe('logistics activities', () => {
  it('are registered under the names running shipments schedule: bookRail, confirmLoading, cancelRail', () => {
    expect(Object.keys(activities().a).sort()).toEqual(['bookRail', 'cancelRail', 'confirmLoading']);
  });

  it('answer the booking the carrier’s client mapped, whatever the carrier', async () => {
    const { a } = activities();
    expect(await a.bookRail({ shipmentId: 's1', request: shipment('CR_EXPRESS_CHONGQING'), idempotencyKey: 'k1' })).toEqual(railBooking);
    expect(await a.bookRail({ shipmentId: 's2', request: shipment('LAND_SEA_QINZHOU'), idempotencyKey: 'k2' })).toEqual(seaBooking);
  });

  it('load and cancel with the carrier of the corridor named', async () => {
    const { a, calls } = activities();
    await a.confirmLoading({ shipmentId: 's2', corridor: 'LAND_SEA_QINZHOU', bookingNo: 'B1', invtNo: '790120261000000001', idempotencyKey: 'k' });
    await a.cancelRail({ shipmentId: 's2', corridor: 'LAND_SEA_QINZHOU', bookingNo: 'B2', reason: 'buyer cancelled', idempotencyKey: 'k' });
    expect(calls).toEqual(['land-sea load B1', 'land-sea cancel B2']);
  });

  it('send an input scheduled before corridors existed (no corridor) to the rail operator, the only carrier then', async () => {
    const { a, calls } = activities();
    // as recorded in test/replay/histories/before-lean-9610-cancelled.json
    const old = { shipmentId: 'shipment:ent-b574c22f:PATH-CANCEL', bookingNo: 'CRCD202611260005', reason: 'buyer cancelled the order', idempotencyKey: 'shipment:ent-b574c22f:PATH-CANCEL:rail-cancel:r0' };
    await a.cancelRail(old as Parameters<typeof a.cancelRail>[0]);
    expect(calls).toEqual(['rail cancel CRCD202611260005']);
  });

  it('refuse an unknown corridor, or a corridor that is not an id, without retry', async () => {
    const { a, calls } = activities();
    const unknown = await failure(a.confirmLoading({ shipmentId: 's', corridor: 'MOON_EXPRESS', bookingNo: 'B1', invtNo: '1', idempotencyKey: 'k' }));
    expect(unknown).toBeInstanceOf(ApplicationFailure);
    expect(unknown).toMatchObject({ type: LogisticsFailure.UNKNOWN_CORRIDOR, nonRetryable: true });
    const notAnId = await failure(a.cancelRail({ shipmentId: 's', corridor: null, bookingNo: 'B1', reason: 'r', idempotencyKey: 'k' } as unknown as Parameters<typeof a.cancelRail>[0]));
    expect(notAnId).toMatchObject({ type: LogisticsFailure.CORRIDOR_REQUIRED, nonRetryable: true });
    expect(calls).toEqual([]);
  });
});
