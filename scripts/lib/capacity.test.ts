import { describe, expect, it } from 'vitest';
import { INPUTS, report } from '../capacity.js';
import { HOURS_PER_MONTH, nextPowerOfTwo, plan, tieredActionsUsd, zoneShipmentsPerDay, type CapacityInputs } from './capacity.js';

// small round inputs, so every derived figure below can be checked by hand
const one = (value: number) => ({ value, unit: '', basis: 'guess' as const, source: 'test' });
const SMALL: CapacityInputs = {
  zoneTradeCnyPerYear: one(365_000),
  parcelValueUsd: one(10),
  cnyPerUsd: one(10),
  nationalShipmentsPerDay: one(1000),
  zones: one(10),
  openDays: one(10),
  peakToAverage: one(2),
  actionsPerShipment: one(30),
  historyBytes: one(1e6),
  retentionDays: one(5),
  platformCpuMs: one(864),
  runtimeCpuFactor: one(0.5),
  serverCpuMs: one(432),
  productionServerFactor: one(1),
  cpuUtilisation: one(0.5),
  vcpuPerProcess: one(2),
  replayCpuMs: one(432),
  cachedWorkflowMiB: one(2),
  benchProcessRssMiB: one(1024),
  benchCacheSize: one(512),
  workerCacheSize: one(1024),
  burstsPerShipment: one(2),
  burstSeconds: one(43_200),
  callbacksPerShipment: one(10),
  stateTransitionsPerShipment: one(5),
  openPerShard: one(100),
  dbBytesPerShipment: one(1e6),
  dbBytesAfterPurge: one(1e5),
  personalDataRetentionDays: one(730),
  activeUsdPerGBh: one(0.01),
  retainedUsdPerGBh: one(0.001),
  planShareOfUsage: one(0.1),
  usdPerVcpuHour: one(1),
  usdPerDiskGBMonth: one(1),
  dbCpuShareOfServer: one(1),
  temporalMinVcpu: one(0),
  dbMinVcpu: one(0),
};

describe('capacity plan arithmetic', () => {
  it('prices actions tier by tier and holds the last price past the last tier', () => {
    const tiers = [[5e6, 50], [5e6, 45], [10e6, 40]] as const;
    // the worked example of docs.temporal.io/cloud/pricing: 11.25 M actions cost $525
    expect(tieredActionsUsd(11.25e6, tiers)).toBeCloseTo(525, 6);
    expect(tieredActionsUsd(30e6, tiers)).toBeCloseTo(250 + 225 + 400 + 400, 6);
  });

  it('rounds shard counts up to a power of two', () => {
    expect([0, 1, 3, 4, 5, 4097].map(nextPowerOfTwo)).toEqual([1, 1, 4, 4, 8, 8192]);
  });

  it('derives a zone day from its yearly trade value and the parcel value', () => {
    // CNY 365,000 a year at 10 USD × 10 CNY per parcel: 3,650 parcels, 10 a day
    expect(zoneShipmentsPerDay(SMALL)).toBeCloseTo(10, 9);
  });

  it('derives load, sizes and money from the inputs', () => {
    const p = plan(SMALL, [[1e9, 10]], 1000);
    expect(p.openShipments).toBe(10_000);
    expect(p.actionsPerSecondAverage).toBeCloseTo(30_000 / 86_400, 9);
    expect(p.actionsPerSecondPeak).toBeCloseTo(60_000 / 86_400, 9);
    expect(p.callbacksPerSecondPeak).toBeCloseTo(20_000 / 86_400, 9);
    expect(p.stateTransitionsPerSecondPeak).toBeCloseTo(10_000 / 86_400, 9);
    // 2 bursts: the second starts with a replay, (864 + 432) ms × 0.5 = 648 ms a shipment
    expect(p.platformCpuMsPerShipment).toBeCloseTo(648, 9);
    // 1000 × 648 ms = 648 s of CPU a day = 0.0075 vCPU; × peak 2 / utilisation 0.5 = 0.03
    expect(p.platformVcpuAverage).toBeCloseTo(0.0075, 9);
    expect(p.platformVcpuProvisioned).toBeCloseTo(0.03, 9);
    expect(p.platformProcesses).toBe(2);
    // 1024 cached × 2 MiB; the process: 1024 MiB measured at 512 cached + 512 more × 2 MiB
    expect(p.workerCacheGiB).toBeCloseTo(2, 9);
    expect(p.processRamGiB).toBeCloseTo(2, 9);
    // peak 2000/86,400 a second × 2 bursts × 43,200 s inside each = 2,000 shipments × 2 MiB
    expect(p.activeSetPeak).toBeCloseTo(2000, 9);
    expect(p.activeSetCacheGiB).toBeCloseTo(4000 / 1024, 9);
    expect(p.temporalVcpuForLoad).toBeCloseTo(0.02, 9);
    expect(p.temporalVcpuProvisioned).toBeCloseTo(0.02, 9);
    // 2 × 10,000 open / 100 per shard = 200 → 256
    expect(p.historyShards).toBe(256);
    // (10,000 open + 1000 × 5 retained) × 1 MB
    expect(p.temporalStoreGB).toBeCloseTo(15, 9);
    expect(p.platformDbGBPerYear).toBeCloseTo(365, 9);
    expect(p.platformDbGBAtRetention).toBeCloseTo(730, 9);
    expect(p.platformDbGBPerYearAfterRetention).toBeCloseTo(36.5, 9);

    const perMonth = 1000 * (365 / 12);
    const actions = perMonth * 30 * 10 / 1e6;
    const active = 10_000 * 0.001 * HOURS_PER_MONTH * 0.01;
    const retained = 5000 * 0.001 * HOURS_PER_MONTH * 0.001;
    expect(p.cloud.actionsUsdPerMonth).toBeCloseTo(actions, 6);
    expect(p.cloud.activeUsdPerMonth).toBeCloseTo(active, 6);
    expect(p.cloud.retainedUsdPerMonth).toBeCloseTo(retained, 6);
    expect(p.cloud.planUsdPerMonth).toBe(500); // 10 % of usage is below the $500 floor
    expect(p.cloud.usdPerMonth).toBeCloseTo(actions + active + retained + 500, 6);
    expect(p.cloud.usdPerShipment).toBeCloseTo((actions + active + retained + 500) / perMonth, 9);
    expect(p.shipmentsPerMonth).toBeCloseTo(perMonth, 9);

    // server: 1000 × 432 ms = 0.005 vCPU, 0.02 provisioned; its database as much again
    const temporal = (0.02 + 0.02) * HOURS_PER_MONTH + 15;
    const platform = 2 * 2 * HOURS_PER_MONTH + 730;
    expect(p.selfHostedTemporal.usdPerMonth).toBeCloseTo(temporal, 6);
    expect(p.platform.usdPerShipment).toBeCloseTo(platform / perMonth, 9);
  });

  it('keeps the HA floors when the load is small', () => {
    const p = plan({ ...SMALL, temporalMinVcpu: one(6), dbMinVcpu: one(2) }, [[1e9, 10]], 1000);
    expect(p.temporalVcpuForLoad).toBeCloseTo(0.02, 9);
    expect(p.temporalVcpuProvisioned).toBe(6);
    expect(p.selfHostedTemporal.usdPerMonth).toBeCloseTo((6 + 2) * HOURS_PER_MONTH + 15, 6);
  });

  it('prints the inputs with their sources and both plans', () => {
    const text = report(INPUTS);
    expect(text).toContain('### One zone');
    expect(text).toContain('### 1,000,000 shipments/day, 165 zones');
    expect(text).toContain('### Cost per 9610 shipment');
    for (const x of Object.values(INPUTS)) expect(x.source.length).toBeGreaterThan(3);
  });
});
