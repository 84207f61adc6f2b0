import { beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../domain/time.js';
import { carrierContractSuite } from '../carrier/contract.js';
import { baseRequest, businessGap, carrierSimulatorSuite, deliveriesOf, eventNamed, eventsUntilNamed } from '../carrier/testing.js';
import { rejection, useSimulator } from '../kit/testing.js';
import { createRailWaterClient } from './client.js';
import { RAIL_WATER_CORRIDOR, RailWaterErrorCode, type RailWaterBookRequest, type RailWaterPort } from './port.js';
import { createRailWaterSimulator } from './simulator.js';

const TIME_SCALE = 86_400_000; // a business day lasts about 1 ms
const sim = useSimulator((callback) => createRailWaterSimulator({ timeScale: TIME_SCALE, callback }), {
  secret: 'rail-water-callback-secret',
  path: '/callbacks/rail-water',
});
let port: RailWaterPort;
beforeAll(() => {
  port = createRailWaterClient({ baseUrl: sim.baseUrl });
});

const request = (over: Partial<RailWaterBookRequest> = {}): RailWaterBookRequest => ({
  ...baseRequest(RAIL_WATER_CORRIDOR, '116'),
  corridor: RAIL_WATER_CORRIDOR,
  ...over,
});
const journey = async (req: RailWaterBookRequest) => {
  const booking = await port.book(req, `shipment:${req.reference}:carrier-booking`);
  await port.confirmLoading({ bookingNo: booking.bookingNo, invtNo: '790120251000000060' }, `shipment:${req.reference}:carrier-loading`);
  return booking;
};

carrierContractSuite('rail-water', async () => ({
  port,
  ledger: sim.ledger,
  request,
  unservedDestination: '344',
  deliveries: async (reference) => deliveriesOf(sim, reference),
  locations: (req, b) => [req.origin, b.site, b.site, b.exitPort, b.destination],
}));

carrierSimulatorSuite('rail-water', sim, () => ({ port, request }), TIME_SCALE);

describe('rail-water simulator', () => {
  it('routes by river port and sea port: Japan via Taicang, Europe via Yangshan, or as asked', async () => {
    const japan = await port.book(request(), `book:${request().reference}`);
    expect(japan).toMatchObject({ via: 'WANZHOU', seaPort: 'TAICANG', exitPort: 'Taicang (太仓港)', destination: 'Tokyo (JP)' });
    expect(japan.site).toContain('Wanzhou Xintian');
    const europe = await port.book(request({ destinationCountry: 'DE', via: 'CHONGQING_GUOYUAN' }), `book:${request().reference}`);
    expect(europe).toMatchObject({ via: 'CHONGQING_GUOYUAN', seaPort: 'YANGSHAN', destination: 'Hamburg (DE)' });
    expect(europe.site).toContain('Guoyuan');
    const ningbo = await port.book(request({ destinationCountry: '132', seaPort: 'NINGBO_ZHOUSHAN' }), `book:${request().reference}`);
    expect(ningbo).toMatchObject({ exitPort: 'Ningbo-Zhoushan (宁波舟山港)', destination: 'Singapore (SG)' });
    expect(Date.parse(ningbo.plannedArrival)).toBeGreaterThan(Date.parse(ningbo.plannedDeparture));
    const bad = await rejection(port.book({ ...request(), seaPort: 'QINGDAO' } as unknown as RailWaterBookRequest, `book:${request().reference}`));
    expect(bad).toMatchObject({ code: RailWaterErrorCode.InvalidRequest, status: 400 });
  });

  it('reports the Three Gorges lock and the transshipment, Wanzhou → Shanghai in about 10 days', async () => {
    const req = request({ destinationCountry: '304' });
    await journey(req);
    const events = await eventsUntilNamed(sim, req.reference, 'ARRIVED');
    expect(events.map((e) => e.detail)).toEqual([
      'PICKED_UP', 'RAIL_ARRIVED_AT_RIVER_PORT', 'RIVER_LINER_DEPARTED', 'THREE_GORGES_LOCK', 'TRANSSHIPPED_TO_VESSEL', 'VESSEL_DEPARTED', 'ARRIVED_AT_PORT_OF_DISCHARGE',
    ]);
    expect(eventNamed(events, 'THREE_GORGES_LOCK')).toMatchObject({ event: 'INFO', location: expect.stringContaining('三峡') });
    expect(eventNamed(events, 'VESSEL_DEPARTED')).toMatchObject({ event: 'BORDER_CROSSED', location: 'Shanghai Yangshan (洋山港)' });
    const river = businessGap(eventNamed(events, 'RIVER_LINER_DEPARTED'), eventNamed(events, 'TRANSSHIPPED_TO_VESSEL'), TIME_SCALE);
    expect(river).toBeGreaterThanOrEqual(9 * DAY);
    expect(river).toBeLessThanOrEqual(11 * DAY);
  });

  it('queues 10–15 days at the Three Gorges lock under the lock-queue scenario', async () => {
    const req = request();
    await sim.control('/_control/scenarios', { key: req.reference, scenario: 'lock-queue' });
    await journey(req);
    const events = await eventsUntilNamed(sim, req.reference, 'ARRIVED');
    const queue = eventNamed(events, 'THREE_GORGES_LOCK_QUEUE');
    expect(queue).toMatchObject({ event: 'INFO', location: expect.stringContaining('Three Gorges') });
    expect(events.indexOf(queue)).toBe(events.indexOf(eventNamed(events, 'THREE_GORGES_LOCK')) - 1);
    const waited = businessGap(queue, eventNamed(events, 'THREE_GORGES_LOCK'), TIME_SCALE);
    expect(waited).toBeGreaterThanOrEqual(9 * DAY);
    expect(waited).toBeLessThanOrEqual(16 * DAY);
  });

  it('holds everything after the lock while a long queue lasts', async () => {
    const [queued, free] = [request(), request()];
    await sim.control('/_control/scenarios', { key: queued.reference, scenario: 'lock-queue', params: { businessDelayMs: 500 * DAY } });
    await journey(queued);
    await journey(free);
    await eventsUntilNamed(sim, free.reference, 'ARRIVED');
    await eventsUntilNamed(sim, queued.reference, 'THREE_GORGES_LOCK_QUEUE');
    expect(deliveriesOf(sim, queued.reference).map((d) => d.event.detail)).not.toContain('THREE_GORGES_LOCK');
    await eventsUntilNamed(sim, queued.reference, 'ARRIVED');
  });
});
