/**
 * The capacity plan's arithmetic (docs/capacity.md), kept apart from its inputs so a unit test can
 * check it on small numbers. Every input carries its source and whether it was measured here,
 * cited from a public page, or guessed; the plan prints them beside the derived figures.
 */

export type Basis = 'measured' | 'cited' | 'estimate' | 'guess' | 'given';

export interface Input {
  value: number;
  unit: string;
  basis: Basis;
  source: string;
}

/** The input names the plan needs; scripts/capacity.ts fills them (one table, one place). */
export interface CapacityInputs {
  zoneTradeCnyPerYear: Input;
  parcelValueUsd: Input;
  cnyPerUsd: Input;
  nationalShipmentsPerDay: Input;
  zones: Input;
  openDays: Input;
  peakToAverage: Input;
  actionsPerShipment: Input;
  historyBytes: Input;
  retentionDays: Input;
  platformCpuMs: Input;
  runtimeCpuFactor: Input;
  serverCpuMs: Input;
  productionServerFactor: Input;
  cpuUtilisation: Input;
  vcpuPerProcess: Input;
  replayCpuMs: Input;
  cachedWorkflowMiB: Input;
  benchProcessRssMiB: Input;
  benchCacheSize: Input;
  workerCacheSize: Input;
  burstsPerShipment: Input;
  burstSeconds: Input;
  callbacksPerShipment: Input;
  stateTransitionsPerShipment: Input;
  openPerShard: Input;
  dbBytesPerShipment: Input;
  dbBytesAfterPurge: Input;
  personalDataRetentionDays: Input;
  activeUsdPerGBh: Input;
  retainedUsdPerGBh: Input;
  planShareOfUsage: Input;
  usdPerVcpuHour: Input;
  usdPerDiskGBMonth: Input;
  dbCpuShareOfServer: Input;
  temporalMinVcpu: Input;
  dbMinVcpu: Input;
}

/** Temporal Cloud pay-as-you-go action tiers: [actions in the tier, USD per million]. */
export type Tiers = ReadonlyArray<readonly [number, number]>;

export const HOURS_PER_MONTH = 730;
export const DAYS_PER_MONTH = 365 / 12;
const MS_PER_DAY = 86_400_000;

/** USD for a month's actions over the tiers; past the last tier its price holds (see the caller). */
export function tieredActionsUsd(actions: number, tiers: Tiers): number {
  let left = actions;
  let usd = 0;
  let lastPrice = 0;
  for (const [size, perMillion] of tiers) {
    const inTier = Math.min(left, size);
    usd += (inTier / 1e6) * perMillion;
    left -= inTier;
    lastPrice = perMillion;
    if (left <= 0) return usd;
  }
  return usd + (left / 1e6) * lastPrice;
}

/** The smallest power of two at or above n (at least 1). */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

export interface Plan {
  shipmentsPerDay: number;
  shipmentsPerMonth: number;
  openShipments: number;
  actionsPerSecondAverage: number;
  actionsPerSecondPeak: number;
  /** callbacks from outside systems into the API at the peak (each stored, some signalled) */
  callbacksPerSecondPeak: number;
  /** an estimate: the server's state transitions, what its persistence writes */
  stateTransitionsPerSecondPeak: number;
  /** platform CPU per shipment: the warm figure plus the replays of a shipment woken after a wait */
  platformCpuMsPerShipment: number;
  /** platform (API + worker) vCPU: average use, then provisioned for the peak at the target utilisation */
  platformVcpuAverage: number;
  platformVcpuProvisioned: number;
  platformProcesses: number;
  /** RAM of the worker cache alone, and of a whole platform process holding that cache */
  workerCacheGiB: number;
  processRamGiB: number;
  /** shipments between the steps of a burst at the peak: what the workers' caches should hold */
  activeSetPeak: number;
  activeSetCacheGiB: number;
  /** Temporal services vCPU the load needs at the peak, and provisioned (at least the HA floor) */
  temporalVcpuForLoad: number;
  temporalVcpuProvisioned: number;
  historyShards: number;
  temporalStoreGB: number;
  platformDbGBPerYear: number;
  platformDbGBAtRetention: number;
  platformDbGBPerYearAfterRetention: number;
  cloud: { actionsUsdPerMonth: number; activeUsdPerMonth: number; retainedUsdPerMonth: number; planUsdPerMonth: number; usdPerMonth: number; usdPerShipment: number };
  /** self-hosted Temporal (services, their database, its disk): what Cloud replaces */
  selfHostedTemporal: { usdPerMonth: number; usdPerShipment: number };
  /** platform processes and the platform database at the retention horizon: needed either way */
  platform: { usdPerMonth: number; usdPerShipment: number };
}

/** The plan for a deployment that runs `shipmentsPerDay` 9610 shipments a day on average. */
export function plan(i: CapacityInputs, tiers: Tiers, shipmentsPerDay: number): Plan {
  const v = (x: Input) => x.value;
  const peak = v(i.peakToAverage);
  const open = shipmentsPerDay * v(i.openDays);
  const aps = (shipmentsPerDay * v(i.actionsPerShipment)) / 86_400;

  const perSecondPeak = (shipmentsPerDay / 86_400) * peak;

  // a shipment woken after days in transit is no longer cached: the first step of every burst but
  // the first replays its history
  const replays = Math.max(0, v(i.burstsPerShipment) - 1);
  const platformCpuMsPerShipment = (v(i.platformCpuMs) + replays * v(i.replayCpuMs)) * v(i.runtimeCpuFactor);
  const platformVcpuAverage = (shipmentsPerDay * platformCpuMsPerShipment) / MS_PER_DAY;
  const platformVcpuProvisioned = (platformVcpuAverage * peak) / v(i.cpuUtilisation);
  // at least two processes, so a deploy or a crash never stops the zone
  const platformProcesses = Math.max(2, Math.ceil(platformVcpuProvisioned / v(i.vcpuPerProcess)));
  // RAM: the bench process's measured RSS at its cache size, plus the cost of each cached workflow beyond it
  const workerCacheGiB = (v(i.workerCacheSize) * v(i.cachedWorkflowMiB)) / 1024;
  const processRamGiB = (v(i.benchProcessRssMiB) + (v(i.workerCacheSize) - v(i.benchCacheSize)) * v(i.cachedWorkflowMiB)) / 1024;
  const activeSetPeak = perSecondPeak * v(i.burstsPerShipment) * v(i.burstSeconds);
  const activeSetCacheGiB = (activeSetPeak * v(i.cachedWorkflowMiB)) / 1024;

  const serverVcpuAverage = (shipmentsPerDay * v(i.serverCpuMs) * v(i.productionServerFactor)) / MS_PER_DAY;
  const serverVcpuForPeak = (serverVcpuAverage * peak) / v(i.cpuUtilisation);
  const temporalVcpuProvisioned = Math.max(v(i.temporalMinVcpu), serverVcpuForPeak);
  const dbVcpuProvisioned = Math.max(v(i.dbMinVcpu), serverVcpuForPeak * v(i.dbCpuShareOfServer));
  // twice today's open shipments per shard budget: numHistoryShards cannot grow later
  const historyShards = nextPowerOfTwo((2 * open) / v(i.openPerShard));

  const historyGB = v(i.historyBytes) / 1e9;
  const closedRetained = shipmentsPerDay * v(i.retentionDays);
  const temporalStoreGB = (open + closedRetained) * historyGB;

  const perYear = shipmentsPerDay * 365;
  const platformDbGBPerYear = (perYear * v(i.dbBytesPerShipment)) / 1e9;
  // callback bodies are emptied after the personal-data retention; shipments, lines and timelines
  // are never deleted, so past that horizon the database still grows by the purged size a year
  const platformDbGBAtRetention = (platformDbGBPerYear * v(i.personalDataRetentionDays)) / 365;
  const platformDbGBPerYearAfterRetention = (perYear * v(i.dbBytesAfterPurge)) / 1e9;

  const perMonth = shipmentsPerDay * DAYS_PER_MONTH;
  const actionsUsdPerMonth = tieredActionsUsd(perMonth * v(i.actionsPerShipment), tiers);
  // upper bound: a history is counted at its final size for the whole time its shipment is open
  const activeUsdPerMonth = open * historyGB * HOURS_PER_MONTH * v(i.activeUsdPerGBh);
  const retainedUsdPerMonth = closedRetained * historyGB * HOURS_PER_MONTH * v(i.retainedUsdPerGBh);
  const usage = actionsUsdPerMonth + activeUsdPerMonth + retainedUsdPerMonth;
  const planUsdPerMonth = Math.max(500, usage * v(i.planShareOfUsage));

  const vcpuMonth = v(i.usdPerVcpuHour) * HOURS_PER_MONTH;
  const temporalUsd = (temporalVcpuProvisioned + dbVcpuProvisioned) * vcpuMonth + temporalStoreGB * v(i.usdPerDiskGBMonth);
  const platformUsd = platformProcesses * v(i.vcpuPerProcess) * vcpuMonth + platformDbGBAtRetention * v(i.usdPerDiskGBMonth);

  return {
    shipmentsPerDay,
    shipmentsPerMonth: perMonth,
    openShipments: open,
    actionsPerSecondAverage: aps,
    actionsPerSecondPeak: aps * peak,
    callbacksPerSecondPeak: perSecondPeak * v(i.callbacksPerShipment),
    stateTransitionsPerSecondPeak: perSecondPeak * v(i.stateTransitionsPerShipment),
    platformCpuMsPerShipment,
    platformVcpuAverage,
    platformVcpuProvisioned,
    platformProcesses,
    workerCacheGiB,
    processRamGiB,
    activeSetPeak,
    activeSetCacheGiB,
    temporalVcpuForLoad: serverVcpuForPeak,
    temporalVcpuProvisioned,
    historyShards,
    temporalStoreGB,
    platformDbGBPerYear,
    platformDbGBAtRetention,
    platformDbGBPerYearAfterRetention,
    cloud: {
      actionsUsdPerMonth,
      activeUsdPerMonth,
      retainedUsdPerMonth,
      planUsdPerMonth,
      usdPerMonth: usage + planUsdPerMonth,
      usdPerShipment: (usage + planUsdPerMonth) / perMonth,
    },
    selfHostedTemporal: { usdPerMonth: temporalUsd, usdPerShipment: temporalUsd / perMonth },
    platform: { usdPerMonth: platformUsd, usdPerShipment: platformUsd / perMonth },
  };
}

/** One zone's average day at its yearly trade target: every yuan of it a retail parcel (an upper bound). */
export function zoneShipmentsPerDay(i: CapacityInputs): number {
  const parcelCny = i.parcelValueUsd.value * i.cnyPerUsd.value;
  return i.zoneTradeCnyPerYear.value / parcelCny / 365;
}
