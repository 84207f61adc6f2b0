import { plan, zoneShipmentsPerDay, type CapacityInputs, type Plan, type Tiers } from './lib/capacity.js';

/**
 * `npx tsx scripts/capacity.ts`: prints the derived figures of docs/capacity.md from the inputs
 * below. When docs/benchmarks.md changes, change the measured inputs here and paste the output
 * into docs/capacity.md. B = docs/benchmarks.md (2026-12-06 full run, Node 24.22.3; the Node 20 run is docs/benchmarks/2026-11-27-node20.md); I17 = issue 17.
 */
export const INPUTS: CapacityInputs = {
  zoneTradeCnyPerYear: { value: 4e9, unit: 'CNY/year', basis: 'cited', source: 'Dazhou plan: CBEC import+export > CNY 4 bn by end-2026 (docs/reference/domain-rules.md §0)' },
  parcelValueUsd: { value: 61e9 / 1.36e9, unit: 'USD', basis: 'cited', source: 'US CBP FY2024: 1.36 bn de minimis parcels worth $61 bn (redstagfulfillment.com/how-many-packages-are-sent-under-de-minimis); a proxy, not a Dazhou figure' },
  cnyPerUsd: { value: 7.1, unit: 'CNY/USD', basis: 'guess', source: 'round 2025 rate; no stored source' },
  nationalShipmentsPerDay: { value: 1_000_000, unit: 'shipments/day', basis: 'given', source: 'I17 item 5' },
  zones: { value: 165, unit: 'zones', basis: 'cited', source: 'domain-rules.md §0' },
  openDays: { value: 21, unit: 'days', basis: 'estimate', source: 'rail transit 12–18 d (domain-rules.md §5.1) + ~3 d before departure + ~3 d tax/FX after (guess)' },
  peakToAverage: { value: 3, unit: '×', basis: 'guess', source: 'sale days and evening peaks; not measured' },
  actionsPerShipment: { value: 30, unit: 'actions', basis: 'measured', source: 'B §2, 9610 COMPLETED' },
  historyBytes: { value: 24_900, unit: 'bytes', basis: 'measured', source: 'B §2: 9610 historySizeBytes as the server counts it (91 KiB as JSON)' },
  retentionDays: { value: 30, unit: 'days', basis: 'guess', source: 'namespace retention we would choose (Cloud maximum 90 d, docs.temporal.io/cloud/pricing)' },
  platformCpuMs: { value: 148, unit: 'ms', basis: 'measured', source: 'B §1: platform process (API + worker) per 9610, warm cache, Node 24' },
  runtimeCpuFactor: { value: 1, unit: '×', basis: 'measured', source: 'B is a Node 24 run already (the Node 20 run measured 321 ms platform, 159 ms server per 9610)' },
  serverCpuMs: { value: 78, unit: 'ms', basis: 'measured', source: 'B §1: Temporal dev server per 9610' },
  productionServerFactor: { value: 2, unit: '×', basis: 'guess', source: 'networked persistence and replication vs in-memory SQLite; re-take on a cluster' },
  cpuUtilisation: { value: 0.6, unit: 'share', basis: 'guess', source: 'headroom target at peak' },
  vcpuPerProcess: { value: 2, unit: 'vCPU', basis: 'measured', source: 'B setup: one process on 2 cores, 2 workflow threads' },
  cachedWorkflowsPerGiB: { value: 600, unit: 'workflows/GiB', basis: 'cited', source: '@temporalio/worker worker-options.ts (reuseV8Context); our bench measures about 1.3 MB per cached 9610 (B §4 note: 1,578 MiB RSS at cache 200, 1,967 MiB at cache 500, bench process with the API)' },
  workerCacheSize: { value: 1000, unit: 'workflows', basis: 'guess', source: 'per worker process; holds the shipments between steps of one burst, not all open ones' },
  openPerShard: { value: 10_000, unit: 'open/shard', basis: 'cited', source: '"each History Shard responsible for tens of thousands of Workflow Executions" (Temporal docs, what-is-a-history-shard)' },
  dbBytesPerShipment: { value: 50_000, unit: 'bytes', basis: 'estimate', source: 'row sizes from prisma/schema.prisma (docs/capacity.md §2); not measured' },
  dbBytesAfterPurge: { value: 22_000, unit: 'bytes', basis: 'estimate', source: 'the same with callback bodies emptied and signatures expired (docs/capacity.md §2)' },
  personalDataRetentionDays: { value: 1827, unit: 'days', basis: 'cited', source: 'docs/personal-data.md: PERSONAL_DATA_RETENTION_DAYS floor 5 years' },
  activeUsdPerGBh: { value: 0.042, unit: 'USD/GBh', basis: 'cited', source: 'docs.temporal.io/cloud/pricing' },
  retainedUsdPerGBh: { value: 0.00105, unit: 'USD/GBh', basis: 'cited', source: 'docs.temporal.io/cloud/pricing' },
  planShareOfUsage: { value: 0.1, unit: 'share', basis: 'cited', source: 'Business plan: greater of $500 or 10% of usage (docs.temporal.io/cloud/pricing)' },
  usdPerVcpuHour: { value: 63.07 / 730 / 2, unit: 'USD/vCPU-h', basis: 'cited', source: 'AWS m6a.large on-demand $63.07 per 730 h, 2 vCPU (infracost output, gist.github.com/alikhajeh1/6107727c5218382b9cc6af69be562111)' },
  usdPerDiskGBMonth: { value: 0.1, unit: 'USD/GB-month', basis: 'guess', source: 'block storage, order of magnitude; no stored source' },
  dbCpuShareOfServer: { value: 1, unit: '×', basis: 'guess', source: 'persistence DB CPU equal to the Temporal services\' CPU; not measured (B counts no PostgreSQL CPU)' },
  temporalMinVcpu: { value: 6, unit: 'vCPU', basis: 'guess', source: 'smallest highly available cluster: 2 replicas of frontend, history, matching, 1 vCPU each' },
  dbMinVcpu: { value: 2, unit: 'vCPU', basis: 'cited', source: 'PostgreSQL 2 CPU held ~1,000 state transitions/s (piotrmucha.blog/2025/09/12/temporal-performance-tests)' },
};

/** Temporal Cloud pay-as-you-go tiers (Business and up), docs.temporal.io/cloud/pricing; past 200 M: "contact sales", priced here at the last list price. */
export const CLOUD_TIERS: Tiers = [
  [5e6, 50],
  [5e6, 45],
  [10e6, 40],
  [30e6, 35],
  [50e6, 30],
  [100e6, 25],
];

const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const usd = (x: number) => (x < 0.01 ? `$${x.toFixed(5)}` : `$${n(x, 0)}`);

export function planRows(p: Plan): Array<[string, string]> {
  return [
    ['shipments per day (average)', n(p.shipmentsPerDay)],
    ['open shipments (steady state)', n(p.openShipments)],
    ['Temporal actions/s, average / peak', `${n(p.actionsPerSecondAverage, 1)} / ${n(p.actionsPerSecondPeak, 1)}`],
    ['platform vCPU, average / provisioned for peak', `${n(p.platformVcpuAverage, 2)} / ${n(p.platformVcpuProvisioned, 1)}`],
    ['platform processes (2 vCPU each, at least 2)', n(p.platformProcesses)],
    ['worker heap for the cache, GiB per process', n(p.workerHeapGiB, 1)],
    ['Temporal services vCPU, provisioned for peak', n(p.temporalVcpuProvisioned, 1)],
    ['history shards (power of two, 2× headroom)', n(p.historyShards)],
    ['Temporal persistence, GB (open + retained histories)', n(p.temporalStoreGB, 0)],
    ['platform DB growth, GB per year', n(p.platformDbGBPerYear, 0)],
    ['platform DB at the 5-year retention horizon, GB', n(p.platformDbGBAtRetention, 0)],
    ['platform DB growth after that, GB per year (bodies purged)', n(p.platformDbGBPerYearAfterRetention, 0)],
    ['Cloud: actions per month', usd(p.cloud.actionsUsdPerMonth)],
    ['Cloud: active storage per month (upper bound)', usd(p.cloud.activeUsdPerMonth)],
    ['Cloud: retained storage per month', usd(p.cloud.retainedUsdPerMonth)],
    ['Cloud: plan fee per month', usd(p.cloud.planUsdPerMonth)],
    ['Cloud: USD per shipment (all of the above)', usd(p.cloud.usdPerShipment)],
    ['self-hosted Temporal: services + DB vCPU + disk per month', usd(p.selfHostedTemporal.usdPerMonth)],
    ['self-hosted Temporal: USD per shipment (no people, no network)', usd(p.selfHostedTemporal.usdPerShipment)],
    ['platform (either way): processes + platform DB disk per month', usd(p.platform.usdPerMonth)],
    ['platform (either way): USD per shipment', usd(p.platform.usdPerShipment)],
  ];
}

function table(rows: Array<[string, string]>, header: [string, string]): string {
  return [`| ${header[0]} | ${header[1]} |`, '|---|---|', ...rows.map(([a, b]) => `| ${a} | ${b} |`)].join('\n');
}

export function report(inputs: CapacityInputs = INPUTS): string {
  const zone = plan(inputs, CLOUD_TIERS, zoneShipmentsPerDay(inputs));
  const national = plan(inputs, CLOUD_TIERS, inputs.nationalShipmentsPerDay.value);
  const perZone = inputs.nationalShipmentsPerDay.value / inputs.zones.value;
  return [
    '### Inputs',
    table(
      Object.entries(inputs).map(([k, x]) => [`\`${k}\``, `${x.value.toLocaleString('en-US', { maximumSignificantDigits: 4 })} ${x.unit} — ${x.basis}: ${x.source}`]),
      ['input', 'value — basis: source'],
    ),
    '',
    `### One zone (Dazhou, 2026 target, all of it retail parcels): ${n(zone.shipmentsPerDay)} shipments/day`,
    table(planRows(zone), ['figure', 'value']),
    '',
    `### 1,000,000 shipments/day, ${inputs.zones.value} zones, one deployment (${n(perZone)} per zone per day)`,
    table(planRows(national), ['figure', 'value']),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(report());
