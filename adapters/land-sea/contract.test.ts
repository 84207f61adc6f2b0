import { beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../domain/time.js';
import { carrierContractSuite } from '../carrier/contract.js';
import { baseRequest, businessGap, carrierSimulatorSuite, deliveriesOf, eventNamed, eventsUntilNamed } from '../carrier/testing.js';
import { useSimulator } from '../kit/testing.js';
import { createLandSeaClient } from './client.js';
import { LAND_SEA_CORRIDOR, type LandSeaBookRequest, type LandSeaPort } from './port.js';
import { createLandSeaSimulator } from './simulator.js';

const TIME_SCALE = 86_400_000; // a business day lasts about 1 ms
const sim = useSimulator((callback) => createLandSeaSimulator({ timeScale: TIME_SCALE, callback }), {
  secret: 'land-sea-callback-secret',
  path: '/callbacks/land-sea',
});
let port: LandSeaPort;
beforeAll(() => {
  port = createLandSeaClient({ baseUrl: sim.baseUrl });
});

const request = (over: Partial<LandSeaBookRequest> = {}): LandSeaBookRequest => ({
  ...baseRequest(LAND_SEA_CORRIDOR, '132'),
  corridor: LAND_SEA_CORRIDOR,
  ...over,
});
const journey = async (req: LandSeaBookRequest) => {
  const booking = await port.book(req, `shipment:${req.reference}:carrier-booking`);
  await port.confirmLoading({ bookingNo: booking.bookingNo, invtNo: '790120251000000070' }, `shipment:${req.reference}:carrier-loading`);
  return booking;
};

carrierContractSuite('land-sea', async () => ({
  port,
  ledger: sim.ledger,
  request,
  unservedDestination: '502',
  deliveries: async (reference) => deliveriesOf(sim, reference),
  locations: (req, b) => [req.origin, b.site, b.site, b.exitPort, b.destination],
}));

carrierSimulatorSuite('land-sea', sim, () => ({ port, request }), TIME_SCALE);

describe('land-sea simulator', () => {
  it('starts at Chongqing by default or at Dazhou, and ships from Qinzhou', async () => {
    const chongqing = await port.book(request(), `book:${request().reference}`);
    expect(chongqing).toMatchObject({ via: 'CHONGQING', exitPort: 'Qinzhou port (钦州港)', destination: 'Singapore (SG)' });
    expect(chongqing.site).toContain('Tuanjiecun');
    expect(chongqing.railTerminal).toContain('钦州港东站');
    const dazhou = await port.book(request({ via: 'DAZHOU', destinationCountry: 'VN' }), `book:${request().reference}`);
    expect(dazhou).toMatchObject({ via: 'DAZHOU', destination: 'Hai Phong (VN)' });
    expect(dazhou.site).toContain('Dazhou');
  });

  it('reports the train at Qinzhou Port East and the transfer to the vessel: Chongqing → Singapore in about a week', async () => {
    const req = request();
    await journey(req);
    const events = await eventsUntilNamed(sim, req.reference, 'ARRIVED');
    expect(events.map((e) => e.detail)).toEqual([
      'PICKED_UP', 'ARRIVED_AT_RAIL_HEAD', 'TRAIN_DEPARTED', 'ARRIVED_AT_QINZHOU_PORT_EAST', 'TRANSSHIPPED_TO_VESSEL', 'VESSEL_DEPARTED', 'ARRIVED_AT_PORT_OF_DISCHARGE',
    ]);
    expect(eventNamed(events, 'TRANSSHIPPED_TO_VESSEL')).toMatchObject({ event: 'INFO', location: 'Qinzhou port (钦州港)' });
    expect(eventNamed(events, 'VESSEL_DEPARTED')).toMatchObject({ event: 'BORDER_CROSSED' });
    const rail = businessGap(eventNamed(events, 'TRAIN_DEPARTED'), eventNamed(events, 'ARRIVED_AT_QINZHOU_PORT_EAST'), TIME_SCALE);
    expect(rail).toBeGreaterThanOrEqual(1 * DAY);
    expect(rail).toBeLessThanOrEqual(3 * DAY);
    const whole = businessGap(eventNamed(events, 'TRAIN_DEPARTED'), eventNamed(events, 'ARRIVED_AT_PORT_OF_DISCHARGE'), TIME_SCALE);
    expect(whole).toBeGreaterThanOrEqual(6 * DAY);
    expect(whole).toBeLessThanOrEqual(8 * DAY);
  });

  it('waits a week for the next sailing under the missed-vessel scenario', async () => {
    const req = request({ destinationCountry: '141' });
    await sim.control('/_control/scenarios', { key: req.reference, scenario: 'missed-vessel' });
    await journey(req);
    const events = await eventsUntilNamed(sim, req.reference, 'ARRIVED');
    const missed = eventNamed(events, 'VESSEL_MISSED');
    expect(missed).toMatchObject({ event: 'INFO', location: 'Qinzhou port (钦州港)' });
    expect(events.indexOf(missed)).toBe(events.indexOf(eventNamed(events, 'VESSEL_DEPARTED')) - 1);
    const waited = businessGap(missed, eventNamed(events, 'VESSEL_DEPARTED'), TIME_SCALE);
    expect(waited).toBeGreaterThanOrEqual(6 * DAY);
    expect(waited).toBeLessThanOrEqual(8 * DAY);
  });
});
