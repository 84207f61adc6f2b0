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
const cases = [
  { corridor: 'RAIL_WATER_YANGTZE', country: '116', port: 'JPN' }, // Japan via Wanzhou → Shanghai
  { corridor: 'LAND_SEA_QINZHOU', country: '132', port: 'SGP' }, // Singapore via Qinzhou
  { corridor: 'CHINA_LAOS_RAIL', country: '119', port: 'LAO' }, // Laos via Mohan/Boten
  { corridor: 'POSTAL_INTERNATIONAL', country: '304', port: 'DEU' }, // Germany by international post
  { corridor: 'CR_EXPRESS_CHONGQING', country: '304', port: 'DEU' },
] as const;

describe('corridors', () => {
  it.each(cases)('ships a 9610 export on $corridor to COMPLETED through its carrier', async ({ corridor, country, port }) => {
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
    const carrier = corridorInfo(corridor).carrier;
    const effects = await effectsFor(p.simUrls[carrier]!, id);
    expect(effects.map((e) => e.key.split(':').at(-2))).toEqual(['transport-booking', 'transport-loading']);
  });
});
