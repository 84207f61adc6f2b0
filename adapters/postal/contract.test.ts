import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../domain/time.js';
import { carrierContractSuite } from '../carrier/contract.js';
import { baseRequest, businessGap, carrierSimulatorSuite, deliveriesOf, eventNamed, eventsUntilNamed } from '../carrier/testing.js';
import { rejection, useSimulator } from '../kit/testing.js';
import { createPostalClient } from './client.js';
import { POSTAL_CORRIDOR, PostalErrorCode, type PostalBookRequest, type PostalPort } from './port.js';
import { createPostalSimulator, s10 } from './simulator.js';

const TIME_SCALE = 86_400_000; // a business day lasts about 1 ms
const sim = useSimulator((callback) => createPostalSimulator({ timeScale: TIME_SCALE, callback }), {
  secret: 'postal-callback-secret',
  path: '/callbacks/postal',
});
let port: PostalPort;
beforeAll(() => {
  port = createPostalClient({ baseUrl: sim.baseUrl });
});

const parcel = (grossWeightKg = '1.25') => ({ logisticsNo: `LP${randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase()}`, grossWeightKg });
const request = (over: Partial<PostalBookRequest> = {}): PostalBookRequest => ({
  ...baseRequest(POSTAL_CORRIDOR, '336'),
  corridor: POSTAL_CORRIDOR,
  packages: 3,
  grossWeightKg: '3.75',
  parcels: [parcel(), parcel(), parcel()],
  ...over,
});
const book = (req: PostalBookRequest) => port.book(req, `shipment:${req.reference}:carrier-booking`);
const journey = async (req: PostalBookRequest) => {
  const booking = await book(req);
  await port.confirmLoading({ bookingNo: booking.bookingNo, invtNo: '790120251000000090' }, `shipment:${req.reference}:carrier-loading`);
  return booking;
};

carrierContractSuite('postal', async () => ({
  port,
  ledger: sim.ledger,
  request,
  unservedDestination: '701',
  deliveries: async (reference) => deliveriesOf(sim, reference),
  locations: (req, b) => [req.origin, b.site, b.site, b.exitPort, b.destination],
}));

carrierSimulatorSuite('postal', sim, () => ({ port, request }), TIME_SCALE);

describe('postal simulator', () => {
  it('sends mail to Europe by CR Express via Chongqing and elsewhere by air, each parcel with an S10 item number', async () => {
    const req = request();
    const rail = await book(req);
    expect(rail).toMatchObject({ via: 'CR_EXPRESS_MAIL', destination: 'Vilnius (LT), delivered', maxParcelKg: 30 });
    expect(rail.officeOfExchange).toContain('Chongqing');
    expect(rail.exitPort).toBe(rail.officeOfExchange);
    expect(rail.parcels.map((p) => p.logisticsNo)).toEqual(req.parcels?.map((p) => p.logisticsNo));
    for (const { itemNo } of rail.parcels) expect(s10('CP', Number(itemNo.slice(2, 10)))).toBe(itemNo);
    const air = await book(request({ destinationCountry: '502' }));
    expect(air).toMatchObject({ via: 'AIR_MAIL', destination: 'Los Angeles (US), delivered' });
    expect(air.officeOfExchange).toContain('Shuangliu');
    expect(await book(request({ destinationCountry: 'DE', via: 'AIR_MAIL' }))).toMatchObject({ via: 'AIR_MAIL', destination: 'Frankfurt (DE), delivered' });
    const noRail = await rejection(book(request({ destinationCountry: '132', via: 'CR_EXPRESS_MAIL' })));
    expect(noRail).toMatchObject({ code: PostalErrorCode.DestinationNotServed, status: 422 });
    expect(s10('RR', 47312482)).toBe('RR473124829CN'); // the S10 standard's worked example
  });

  it('refuses parcels over the per-parcel weight limit with CARRIER.PARCEL_TOO_HEAVY', async () => {
    const heavy = parcel('30.5');
    const err = await rejection(book(request({ parcels: [parcel(), heavy, parcel('30')] })));
    expect(err).toMatchObject({ code: PostalErrorCode.ParcelTooHeavy, retryable: false, status: 422 });
    expect(err.message).toContain(heavy.logisticsNo);
    expect((await book(request({ parcels: [parcel('30'), parcel(), parcel()] }))).parcels).toHaveLength(3);
  });

  it('numbers parcels from the waybill when the platform sends none, and checks their share of the weight', async () => {
    const { parcels: _omitted, ...generic } = request({ packages: 2, grossWeightKg: '12.5' });
    const booking = await book(generic);
    expect(booking.parcels).toEqual([
      expect.objectContaining({ logisticsNo: `${generic.waybillNo}-1`, grossWeightKg: '6.250' }),
      expect.objectContaining({ logisticsNo: `${generic.waybillNo}-2`, grossWeightKg: '6.250' }),
    ]);
    const { parcels: _none, ...tooHeavy } = request({ packages: 1, grossWeightKg: '45' });
    expect(await rejection(book(tooHeavy))).toMatchObject({ code: PostalErrorCode.ParcelTooHeavy });
  });

  it('needs one parcel per package, each logisticsNo once', async () => {
    const missing = await rejection(book(request({ parcels: [parcel(), parcel()] })));
    expect(missing).toMatchObject({ code: PostalErrorCode.InvalidRequest, status: 400 });
    const twice = parcel();
    const duplicate = await rejection(book(request({ parcels: [twice, twice, parcel()] })));
    expect(duplicate).toMatchObject({ code: PostalErrorCode.InvalidRequest, status: 400 });
  });

  it('reports acceptance, the supervised site, dispatch, the office of exchange, the border and delivery', async () => {
    const req = request();
    await journey(req);
    const events = await eventsUntilNamed(sim, req.reference, 'ARRIVED');
    expect(events.map((e) => `${e.event}:${e.detail}`)).toEqual([
      'PICKED_UP:ACCEPTED', 'ARRIVED_AT_SITE:ARRIVED_AT_SUPERVISED_SITE', 'DEPARTED:DISPATCHED_TO_OFFICE_OF_EXCHANGE',
      'INFO:ARRIVED_AT_OFFICE_OF_EXCHANGE', 'BORDER_CROSSED:DESPATCHED_ABROAD', 'INFO:BORDER_EXIT', 'ARRIVED:DELIVERED',
    ]);
    const abroad = businessGap(eventNamed(events, 'DESPATCHED_ABROAD'), eventNamed(events, 'DELIVERED'), TIME_SCALE);
    expect(abroad).toBeGreaterThanOrEqual(9 * DAY);
    expect(abroad).toBeLessThanOrEqual(11 * DAY);
  });

  it('holds the mail 2–4 days at the office of exchange under the exchange-backlog scenario', async () => {
    const req = request({ destinationCountry: 'SG' });
    await sim.control('/_control/scenarios', { key: req.reference, scenario: 'exchange-backlog' });
    await journey(req);
    const events = await eventsUntilNamed(sim, req.reference, 'ARRIVED');
    const backlog = eventNamed(events, 'OFFICE_OF_EXCHANGE_BACKLOG');
    expect(backlog).toMatchObject({ event: 'INFO', location: expect.stringContaining('Shuangliu') });
    expect(events.indexOf(backlog)).toBe(events.indexOf(eventNamed(events, 'DESPATCHED_ABROAD')) - 1);
    const held = businessGap(backlog, eventNamed(events, 'DESPATCHED_ABROAD'), TIME_SCALE);
    expect(held).toBeGreaterThanOrEqual(1 * DAY);
    expect(held).toBeLessThanOrEqual(5 * DAY);
  });
});
