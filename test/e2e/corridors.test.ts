import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corridorInfo } from '../../domain/corridors.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';
import { shipment9610 } from '../support/fixtures.js';
import { effectsFor } from '../support/ledger.js';

let p: Platform;
beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
});
afterAll(async () => p?.stop());

// Each corridor's carrier is its own simulator over HTTP; the shipment chooses the corridor.
// `conveyance`: what the booking's timeline entry names the shipment leaves on, as its carrier says it.
const cases = [
  { corridor: 'RAIL_WATER_YANGTZE', country: '116', port: 'JPN', conveyance: /^Wanzhou–Shanghai direct container liner/ }, // Japan via Wanzhou → Shanghai
  { corridor: 'LAND_SEA_QINZHOU', country: '132', port: 'SGP', conveyance: /^ILSTC rail–sea train Chongqing–Qinzhou/ }, // Singapore via Qinzhou
  { corridor: 'CHINA_LAOS_RAIL', country: '119', port: 'LAO', conveyance: /^ZL\d{3} from / }, // Laos via Mohan/Boten: the train number
  { corridor: 'POSTAL_INTERNATIONAL', country: '304', port: 'DEU', conveyance: /^China Post international mail by CR Express/ }, // Germany by international post
  { corridor: 'CR_EXPRESS_CHONGQING', country: '304', port: 'DEU', conveyance: /^X\d+ from .*Tuanjiecun/ }, // the train number from the hub
] as const;

describe('corridors', () => {
  it.each(cases)('ships a 9610 export on $corridor to COMPLETED through its carrier', async ({ corridor, country, port, conveyance }) => {
    const orderNo = `COR-${corridor.slice(0, 12).replace(/_/g, '')}`;
    const created = await p.api.POST('/v1/shipments', { body: shipment9610(orderNo, { corridor, destination: { country, port } }) });
    expect(created.response.status).toBe(202);
    const id = created.data!.id;
    const done = await eventually(async () => {
      const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
      return data?.status === 'COMPLETED' || data?.status === 'FAILED' ? data : undefined;
    }, `${corridor} shipment to finish`);
    expect(done.status).toBe('COMPLETED');
    expect(done.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['BOOKED', 'DEPARTED', 'BORDER_CROSSED', 'ARRIVED']));
    expect(done.timeline.find((e) => e.type === 'BOOKED')?.info).toMatch(conveyance);
    const carrier = corridorInfo(corridor).carrier;
    const effects = await effectsFor(p.simUrls[carrier]!, id);
    expect(effects.map((e) => e.key.split(':').at(-2))).toEqual(['transport-booking', 'transport-loading']);
  });
});
