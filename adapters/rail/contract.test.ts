import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../domain/time.js';
import { TransportErrorCode } from '../kit/errors.js';
import { eventually, rejection, useSimulator } from '../kit/testing.js';
import { createRailClient } from './client.js';
import { bookRequest, railContractSuite } from './contract.js';
import { MilestoneEventSchema, RailErrorCode, type MilestoneEvent, type RailPort } from './port.js';
import { createRailSimulator } from './simulator.js';

const SECRET = 'rail-callback-secret';
const TIME_SCALE = 86_400_000; // a business day lasts about 1 ms

const sim = useSimulator((callback) => createRailSimulator({ timeScale: TIME_SCALE, callback }), { secret: SECRET, path: '/callbacks/rail' });
const { ledger, control } = sim;
let port: RailPort;

beforeAll(() => {
  port = createRailClient({ baseUrl: sim.baseUrl });
});

async function milestones(reference: string): Promise<MilestoneEvent[]> {
  return sim.received.flatMap((r) => {
    const event = MilestoneEventSchema.safeParse(r.body).data;
    return event?.reference === reference ? [event] : [];
  });
}

railContractSuite(async () => ({ port, ledger, milestones }));

describe('rail simulator', () => {
  it('routes Chengdu trains via Alashankou and Chongqing trains via Khorgos, to the country’s terminal', async () => {
    const chengdu = await port.book(bookRequest({ destinationCountry: 'PL' }), `book:${randomUUID()}`);
    expect(chengdu).toMatchObject({ borderPort: 'Alashankou (阿拉山口)', destinationTerminal: 'Łódź Olechów (PL)' });
    expect(chengdu.hub).toContain('Qingbaijiang');
    expect(chengdu.trainNo).toMatch(/^X80\d{2}$/);
    // what the platform uses of it: the train number is the conveyance, the hub's site the hub
    expect(chengdu.transport).toEqual({ bookingNo: chengdu.bookingNo, conveyanceRef: chengdu.trainNo, hub: chengdu.hub, plannedDeparture: chengdu.plannedDeparture });
    const chongqing = await port.book(bookRequest({ corridor: 'CR_EXPRESS_CHONGQING', destinationCountry: '304' }), `book:${randomUUID()}`);
    expect(chongqing).toMatchObject({ borderPort: 'Khorgos (霍尔果斯)', destinationTerminal: 'Duisburg (DE)' });
    expect(chongqing.hub).toContain('Tuanjiecun');
  });

  it('signs every milestone callback with the shared secret', async () => {
    const req = bookRequest();
    const { bookingNo } = await port.book(req, `shipment:${req.reference}:rail-booking`);
    await port.confirmLoading({ bookingNo, invtNo: '790120251000000050' }, `shipment:${req.reference}:rail-loading`);
    await eventually(async () => ((await milestones(req.reference)).length === 5 ? true : undefined));
    const mine = sim.received.filter((r) => (r.body as { bookingNo?: string }).bookingNo === bookingNo);
    expect(mine.map((r) => r.verified)).toEqual([true, true, true, true, true]);
  });

  it('holds the departure back under the delay-departure scenario', async () => {
    const [late, onTime] = [bookRequest(), bookRequest()];
    await control('/_control/scenarios', { key: late.reference, scenario: 'delay-departure', params: { businessDelayMs: 500 * DAY } });
    for (const req of [late, onTime]) {
      const { bookingNo } = await port.book(req, `shipment:${req.reference}:rail-booking`);
      await port.confirmLoading({ bookingNo, invtNo: '790120251000000051' }, `shipment:${req.reference}:rail-loading`);
    }
    await eventually(async () => ((await milestones(onTime.reference)).some((e) => e.event === 'ARRIVED') ? true : undefined));
    expect((await milestones(late.reference)).map((e) => e.event)).toEqual(['PICKED_UP', 'ARRIVED_AT_SITE']);
    await eventually(async () => ((await milestones(late.reference)).some((e) => e.event === 'DEPARTED') ? true : undefined));
  });

  it('reports a lost consignment’s departure and nothing after it under the lost scenario', async () => {
    const [lost, other] = [bookRequest(), bookRequest()];
    await control('/_control/scenarios', { key: lost.reference, scenario: 'lost', params: {} });
    for (const req of [lost, other]) {
      const { bookingNo } = await port.book(req, `shipment:${req.reference}:rail-booking`);
      await port.confirmLoading({ bookingNo, invtNo: '790120251000000052' }, `shipment:${req.reference}:rail-loading`);
    }
    await eventually(async () => ((await milestones(other.reference)).some((e) => e.event === 'ARRIVED') ? true : undefined));
    expect((await milestones(lost.reference)).map((e) => e.event)).toEqual(['PICKED_UP', 'ARRIVED_AT_SITE', 'DEPARTED']);
  });

  it('answers RAIL.NO_CAPACITY when trains are full', async () => {
    const req = bookRequest();
    await control('/_control/scenarios', { key: req.reference, scenario: 'no-capacity' });
    const err = await rejection(port.book(req, `shipment:${req.reference}:rail-booking`));
    expect(err).toMatchObject({ code: RailErrorCode.NoCapacity, retryable: false, status: 409 });
    expect(await ledger(`shipment:${req.reference}:rail-booking`)).toEqual([]);
  });

  it('answers 503 during an outage, which the client reports as retryable', async () => {
    const req = bookRequest();
    await control('/_control/outage', { durationMs: 60_000 });
    try {
      const err = await rejection(port.book(req, `shipment:${req.reference}:rail-booking`));
      expect(err).toMatchObject({ code: TransportErrorCode.Unavailable, retryable: true, status: 503 });
    } finally {
      await control('/_control/outage', {}, 'DELETE');
    }
    expect((await port.book(req, `shipment:${req.reference}:rail-booking`)).bookingNo).toMatch(/^CRCD\d{12}$/);
  });

  it('validates requests and requires an idempotency key', async () => {
    const bad = await rejection(port.book(bookRequest({ packages: 0 }), `book:${randomUUID()}`));
    expect(bad).toMatchObject({ code: RailErrorCode.InvalidRequest, retryable: false, status: 400 });
    const res = await fetch(`${sim.baseUrl}/v1/bookings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bookRequest()) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: RailErrorCode.IdempotencyKeyRequired });
  });
});
