import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startPlatform, type Platform } from '../support/platform.js';
import { shipment9610 } from '../support/fixtures.js';
import { effectsFor } from '../support/ledger.js';

let p: Platform;
beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
});
afterAll(async () => p?.stop());

// The export proceeds are collected and settled by the provider the shipment chose; each
// provider speaks its own wire format behind the same port.
describe('FX providers', () => {
  it.each([
    { fxProvider: 'bank-b', currency: 'EUR' },
    { fxProvider: 'payment-institution', currency: 'USD' },
  ] as const)('settles the proceeds through $fxProvider', async ({ fxProvider, currency }) => {
    const created = await p.api.POST('/v1/shipments', { body: shipment9610(`FX-${fxProvider}`, { fxProvider, currency }) });
    expect(created.response.status).toBe(202);
    const id = created.data!.id;
    const done = await eventually(async () => {
      const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
      return data?.status === 'COMPLETED' || data?.status === 'FAILED' ? data : undefined;
    }, `${fxProvider} shipment to finish`);
    expect(done.status).toBe('COMPLETED');
    expect(done.amounts.currency).toBe(currency);
    const proceeds = 2 * 18.9 + 25 + 12.5;
    expect(Number(done.amounts.cnyAmount)).toBeCloseTo(proceeds * Number(done.amounts.fxRate), 1);
    const effects = (await effectsFor(p.simUrls[fxProvider]!, id)).map((e) => e.key.split(':').at(-2));
    expect(effects.sort()).toEqual(['fx-collection', 'fx-quote', 'fx-settlement']);
    expect(await effectsFor(p.simUrls.bank, id)).toEqual([]);
  });
});
