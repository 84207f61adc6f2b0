import { beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../domain/time.js';
import { carrierContractSuite } from '../carrier/contract.js';
import { baseRequest, businessGap, carrierSimulatorSuite, deliveriesOf, eventNamed, eventsUntilNamed } from '../carrier/testing.js';
import { useSimulator } from '../kit/testing.js';
import { createChinaLaosClient } from './client.js';
import { CHINA_LAOS_CORRIDOR, type ChinaLaosBookRequest, type ChinaLaosPort } from './port.js';
import { createChinaLaosSimulator } from './simulator.js';

const TIME_SCALE = 3_600_000; // a business hour lasts about 1 ms: the Kunming train takes 26 h
const sim = useSimulator((callback) => createChinaLaosSimulator({ timeScale: TIME_SCALE, callback }), {
  secret: 'china-laos-callback-secret',
  path: '/callbacks/china-laos',
});
let port: ChinaLaosPort;
beforeAll(() => {
  port = createChinaLaosClient({ baseUrl: sim.baseUrl });
});

const request = (over: Partial<ChinaLaosBookRequest> = {}): ChinaLaosBookRequest => ({
  ...baseRequest(CHINA_LAOS_CORRIDOR, '119'),
  corridor: CHINA_LAOS_CORRIDOR,
  ...over,
});
const journey = async (req: ChinaLaosBookRequest) => {
  const booking = await port.book(req, `shipment:${req.reference}:carrier-booking`);
  await port.confirmLoading({ bookingNo: booking.bookingNo, invtNo: '790120251000000080' }, `shipment:${req.reference}:carrier-loading`);
  return booking;
};
const transit = async (req: ChinaLaosBookRequest) => {
  const events = await eventsUntilNamed(sim, req.reference, 'ARRIVED');
  return { events, ms: businessGap(eventNamed(events, 'TRAIN_DEPARTED'), eventNamed(events, 'ARRIVED_AT_TERMINAL'), TIME_SCALE) };
};

carrierContractSuite('china-laos', async () => ({
  port,
  ledger: sim.ledger,
  request,
  unservedDestination: '304',
  deliveries: async (reference) => deliveriesOf(sim, reference),
  locations: (req, b) => [req.origin, b.site, b.site, b.exitPort, b.destination],
}));

carrierSimulatorSuite('china-laos', sim, () => ({ port, request }), TIME_SCALE);

describe('china-laos simulator', () => {
  it('leaves from Chongqing by default, or Chengdu/Kunming, and crosses at Mohan/Boten', async () => {
    const chongqing = await port.book(request(), `book:${request().reference}`);
    expect(chongqing).toMatchObject({ via: 'CHONGQING', exitPort: 'Mohan (磨憨) / Boten (磨丁) border', destination: expect.stringContaining('Vientiane') });
    expect(chongqing.site).toContain('Xiaonanya');
    expect(chongqing.trainNo).toMatch(/^ZL\d{3}$/);
    // what the platform uses of it: the train number (not the service name) and the site
    expect(chongqing.transport).toEqual({ bookingNo: chongqing.bookingNo, conveyanceRef: chongqing.trainNo, hub: chongqing.site, plannedDeparture: chongqing.plannedDeparture });
    const kunming = await port.book(request({ via: 'KUNMING', destinationCountry: 'LA' }), `book:${request().reference}`);
    expect(kunming.site).toContain('Kunming');
    const thailand = await port.book(request({ via: 'CHENGDU', destinationCountry: '136' }), `book:${request().reference}`);
    expect(thailand).toMatchObject({ via: 'CHENGDU', destination: 'Bangkok Lat Krabang ICD (TH)' });
  });

  it('runs Kunming → Vientiane in 26 h and Chongqing → Vientiane in 4–5 days', async () => {
    const [kunming, chongqing] = [request({ via: 'KUNMING' }), request()];
    await journey(kunming);
    await journey(chongqing);
    const k = await transit(kunming);
    expect(k.events.map((e) => e.detail)).toEqual([
      'PICKED_UP', 'ARRIVED_AT_HUB', 'TRAIN_DEPARTED', 'ARRIVED_AT_BORDER', 'EXIT_CLEARED', 'LAOS_ENTRY_CLEARED', 'ARRIVED_AT_TERMINAL',
    ]);
    expect(eventNamed(k.events, 'EXIT_CLEARED')).toMatchObject({ event: 'BORDER_CROSSED', location: expect.stringContaining('磨憨') });
    expect(k.ms).toBeGreaterThanOrEqual(25 * HOUR);
    expect(k.ms).toBeLessThanOrEqual(27 * HOUR);
    const c = await transit(chongqing);
    expect(c.ms).toBeGreaterThanOrEqual(4 * DAY);
    expect(c.ms).toBeLessThanOrEqual(5 * DAY);
  });

  it('carries Thai goods on from Vientiane', async () => {
    const req = request({ destinationCountry: 'TH' });
    await journey(req);
    const { events } = await transit(req);
    expect(eventNamed(events, 'ARRIVED_AT_VIENTIANE')).toMatchObject({ event: 'INFO', location: expect.stringContaining('Vientiane') });
    expect(eventNamed(events, 'ARRIVED_AT_TERMINAL')).toMatchObject({ event: 'ARRIVED', location: 'Bangkok Lat Krabang ICD (TH)' });
  });

  it('holds the goods 1–3 days at Mohan under the border-inspection scenario', async () => {
    const req = request();
    await sim.control('/_control/scenarios', { key: req.reference, scenario: 'border-inspection' });
    await journey(req);
    const { events } = await transit(req);
    const hold = eventNamed(events, 'BORDER_INSPECTION_HOLD');
    expect(hold).toMatchObject({ event: 'INFO', location: expect.stringContaining('Mohan') });
    expect(events.indexOf(hold)).toBe(events.indexOf(eventNamed(events, 'EXIT_CLEARED')) - 1);
    const held = businessGap(hold, eventNamed(events, 'EXIT_CLEARED'), TIME_SCALE);
    expect(held).toBeGreaterThanOrEqual(1 * DAY - HOUR);
    expect(held).toBeLessThanOrEqual(3 * DAY + HOUR);
  });
});
