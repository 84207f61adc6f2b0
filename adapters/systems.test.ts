import { describe, expect, it } from 'vitest';
import { SYSTEMS } from './catalogue.js';
import { inboundOf } from './inbound.js';
import { loadOutbound } from './outbound.js';
import { CORRIDORS } from '../domain/corridors.js';

/** The registry (adapters/systems.ts) as what derives from it sees it. */
describe('system registry', () => {
  it('gives every system its own id, simulator port and corridors', () => {
    expect(new Set(SYSTEMS.map((s) => s.id)).size).toBe(SYSTEMS.length);
    expect(new Set(SYSTEMS.map((s) => s.port)).size).toBe(SYSTEMS.length);
    for (const s of SYSTEMS) expect(s.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    const corridors = SYSTEMS.flatMap((s) => ('corridors' in s ? Object.keys(s.corridors) : []));
    expect(new Set(corridors).size).toBe(corridors.length);
    expect(Object.keys(CORRIDORS)).toEqual(corridors);
    expect(CORRIDORS.CHINA_LAOS_RAIL).toMatchObject({ carrier: 'china-laos', trafMode: '3' });
  });

  it('loads the outbound part of every carrier, FX provider, warehouse system, lender and insurer by its folder', async () => {
    const { carriers, fxProviders, warehouses, lenders, insurers } = await loadOutbound();
    expect(carriers.map((c) => c.system.id)).toEqual(SYSTEMS.filter((s) => s.kind === 'carrier').map((s) => s.id));
    expect(fxProviders.map((c) => c.system.id)).toEqual(['bank', 'bank-b', 'payment-institution']);
    expect(warehouses.map((c) => c.system.id)).toEqual(['overseas-warehouse', 'bonded-warehouse']);
    expect(lenders.map((c) => c.system.id)).toEqual(['lender-bank', 'lender-fin']);
    expect(insurers.map((c) => c.system.id)).toEqual(['insurer']);
    for (const { outbound } of [...carriers, ...fxProviders, ...warehouses, ...lenders, ...insurers]) {
      expect(typeof outbound.createClient).toBe('function');
      expect(typeof outbound.createSimulator).toBe('function');
    }
  });

  it("parses a system's own callback format with its own inbound part, the others with their kind's", () => {
    const own = SYSTEMS.filter((s) => 'ownInbound' in s && s.ownInbound);
    expect(own.map((s) => s.id)).toEqual(['bank-b', 'payment-institution']);
    for (const s of own) expect(inboundOf(s as { id: string; kind: 'fx' })).not.toBe(inboundOf({ id: 'bank', kind: 'fx' }));
  });
});
