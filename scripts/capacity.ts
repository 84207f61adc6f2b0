import { plan, zoneShipmentsPerDay, type CapacityInputs, type Plan, type Tiers } from './lib/capacity.js';

/**
 * `npx tsx scripts/capacity.ts`: prints the derived figures of docs/capacity.md from the inputs
 * below. When docs/benchmarks.md changes, change the measured inputs here and paste the output
 * into docs/capacity.md. B = the full run of 2026-12-07 18:04 UTC on Node 24.22.3, docs/benchmarks/2026-12-07-1804-node24.md (earlier runs beside it: 2026-12-07 08:12 and 05:23 and 2026-12-06 on Node 24, 2026-11-27 on Node 20; the newer run of 2026-12-08 04:12, docs/benchmarks.md, did not drain its section 4 and is not an input: docs/capacity.md); I17 = issue 17.
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
  historyBytes: { value: 19_300, unit: 'bytes', basis: 'measured', source: 'B §2: 9610 historySizeBytes as the server counts it (80 KiB as JSON; the 08:12 run: 19.6 KB, 82 KiB)' },
  retentionDays: { value: 30, unit: 'days', basis: 'guess', source: 'namespace retention we would choose (Cloud maximum 90 d, docs.temporal.io/cloud/pricing)' },
  platformCpuMs: { value: 175, unit: 'ms', basis: 'measured', source: 'B §1: platform process (API + worker) per 9610, warm cache, Node 24; its bare workflow cost 70 ms where the 08:12 run measured 59 (that run: 180 ms per 9610), so this errs high' },
  runtimeCpuFactor: { value: 1, unit: '×', basis: 'measured', source: 'B is a Node 24 run already (the Node 20 run measured 321 ms platform, 159 ms server per 9610)' },
  serverCpuMs: { value: 105, unit: 'ms', basis: 'measured', source: 'B §1: Temporal dev server per 9610; its bare workflow cost 87 ms, about what the 08:12 run measured (86; that run: 93 ms per 9610)' },
  productionServerFactor: { value: 2, unit: '×', basis: 'guess', source: 'networked persistence and replication vs in-memory SQLite; re-take on a cluster' },
  cpuUtilisation: { value: 0.6, unit: 'share', basis: 'guess', source: 'headroom target at peak' },
  vcpuPerProcess: { value: 2, unit: 'vCPU', basis: 'measured', source: 'B setup: one process on 2 cores, 2 workflow threads' },
  replayCpuMs: { value: 65, unit: 'ms', basis: 'measured', source: 'B §4 note, which still states it: CPU of one replay of a whole 9610 history (its golden history replayed 100 times; the note dates from 2026-12-06, before stack traces were turned off); a shipment woken mid-way replays less, so an upper bound' },
  cachedWorkflowMiB: { value: 1.3, unit: 'MiB', basis: 'measured', source: 'B §4 note: each cached shipment costs the process about 1.3 MB (the reusable V8 context evaluates the workflow bundle once per cached workflow); the SDK\'s own figure is 600 per GiB, @temporalio/worker worker-options.ts' },
  benchProcessRssMiB: { value: 1751, unit: 'MiB', basis: 'measured', source: 'B §4: bench process (worker + API) RSS, highest of 5 samples with 10,000 shipments open, Node 24 (the 08:12 run: 1,668 MiB, also 10,000 open; the 2026-12-06 run: 2,422 MiB with 8,459 open, its cache thrashing)' },
  benchCacheSize: { value: 500, unit: 'workflows', basis: 'measured', source: 'B §4 setup: maxCachedWorkflows at which that RSS was measured' },
  workerCacheSize: { value: 1000, unit: 'workflows', basis: 'guess', source: 'per worker process; holds the shipments between steps of one burst, not all open ones' },
  burstsPerShipment: { value: 4, unit: 'bursts', basis: 'guess', source: 'steps of a 9610 between waits of hours or days: order → declaration, goods arrival → release, departure, arrival → tax record and FX; every burst but the first starts with a replay' },
  burstSeconds: { value: 120, unit: 's', basis: 'guess', source: 'how long a shipment stays busy in one burst (receipts and callbacks minutes apart), so how long the cache must keep it' },
  callbacksPerShipment: { value: 18, unit: 'callbacks', basis: 'estimate', source: 'InboundMessage rows per 9610: receipts, rail events, funds (docs/capacity.md §2)' },
  stateTransitionsPerShipment: { value: 63, unit: 'transitions', basis: 'estimate', source: 'about half of B §2\'s 126 history events per 9610 (the 08:12 run: 129, so 65); read state_transition_count on a cluster' },
  openPerShard: { value: 10_000, unit: 'open/shard', basis: 'cited', source: '"each History Shard responsible for tens of thousands of Workflow Executions" (Temporal docs, what-is-a-history-shard)' },
  dbBytesPerShipment: { value: 53_000, unit: 'bytes', basis: 'estimate', source: 'row sizes from prisma/schema.prisma: the total of the table in docs/capacity.md §2 (53.4 KB); not measured' },
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

export function planRows(p: Plan, i: CapacityInputs = INPUTS): Array<[string, string]> {
  const replays = Math.max(0, i.burstsPerShipment.value - 1);
  return [
    ['shipments per day (average)', n(p.shipmentsPerDay)],
    ['open shipments (steady state)', n(p.openShipments)],
    ['Temporal actions/s, average / peak', `${n(p.actionsPerSecondAverage, 1)} / ${n(p.actionsPerSecondPeak, 1)}`],
    ['callbacks into the API per second, peak', n(p.callbacksPerSecondPeak, 0)],
    ['Temporal state transitions per second, peak (estimate)', n(p.stateTransitionsPerSecondPeak, 0)],
    [`platform CPU per shipment, ms (warm ${n(i.platformCpuMs.value)} + ${replays} replays × ${n(i.replayCpuMs.value)})`, n(p.platformCpuMsPerShipment)],
    ['platform vCPU, average / provisioned for peak', `${n(p.platformVcpuAverage, 2)} / ${n(p.platformVcpuProvisioned, 1)}`],
    ['platform processes (2 vCPU each, at least 2)', n(p.platformProcesses)],
    [`worker cache RAM, GiB per process (${n(i.workerCacheSize.value)} cached)`, n(p.workerCacheGiB, 1)],
    ['platform process RAM with that cache, GiB (B §4 RSS + the cache beyond its size)', n(p.processRamGiB, 1)],
    ['active set at the peak (shipments inside a burst) / its cache RAM, GiB', `${n(p.activeSetPeak)} / ${n(p.activeSetCacheGiB, 1)}`],
    ['Temporal services vCPU, load at the peak / provisioned (HA floor)', `${n(p.temporalVcpuForLoad, 2)} / ${n(p.temporalVcpuProvisioned, 1)}`],
    ['history shards (power of two, 2× headroom)', n(p.historyShards)],
    ['Temporal persistence, GB (open + retained histories)', n(p.temporalStoreGB, 0)],
    ['platform DB growth, GB per year', n(p.platformDbGBPerYear, 0)],
    ['platform DB at the 5-year retention horizon, GB', n(p.platformDbGBAtRetention, 0)],
    ['platform DB growth after that, GB per year (bodies purged)', n(p.platformDbGBPerYearAfterRetention, 0)],
    ['Cloud: actions per month', usd(p.cloud.actionsUsdPerMonth)],
    ['Cloud: active storage per month (upper bound)', usd(p.cloud.activeUsdPerMonth)],
    ['Cloud: retained storage per month', usd(p.cloud.retainedUsdPerMonth)],
    ['Cloud: plan fee per month', usd(p.cloud.planUsdPerMonth)],
    ['Cloud: total per month', usd(p.cloud.usdPerMonth)],
    ['Cloud: USD per shipment (all of the above)', usd(p.cloud.usdPerShipment)],
    ['self-hosted Temporal: services + DB vCPU + disk per month', usd(p.selfHostedTemporal.usdPerMonth)],
    ['self-hosted Temporal: USD per shipment (no people, no network)', usd(p.selfHostedTemporal.usdPerShipment)],
    ['platform (either way): processes + platform DB disk per month', usd(p.platform.usdPerMonth)],
    ['platform (either way): USD per shipment', usd(p.platform.usdPerShipment)],
  ];
}

/** docs/capacity.md §6: the money of a plan divided by its shipments a month. */
export function costRows(p: Plan): string[] {
  const each = (usdPerMonth: number) => usd(usdPerMonth / p.shipmentsPerMonth);
  return [
    each(p.cloud.actionsUsdPerMonth),
    each(p.cloud.activeUsdPerMonth),
    each(p.cloud.retainedUsdPerMonth),
    each(p.cloud.planUsdPerMonth),
    usd(p.cloud.usdPerShipment),
    usd(p.selfHostedTemporal.usdPerShipment),
    usd(p.platform.usdPerShipment),
  ];
}

/** Each line of the cost table and where its price comes from. */
function costBasis(i: CapacityInputs): string[] {
  const kb = `${n(i.historyBytes.value / 1000, 1)} KB`;
  return [
    `${i.actionsPerShipment.value} actions (B §2) at the list tiers $50 → $25/M; past 200 M a month "contact sales", priced at $25/M`,
    `${kb} × ${i.openDays.value} d × 24 h × $${i.activeUsdPerGBh.value}/GBh (a history counted at its final size while open)`,
    `${kb} × ${i.retentionDays.value} d × 24 h × $${i.retainedUsdPerGBh.value}/GBh`,
    'docs.temporal.io/cloud/pricing',
    '',
    `$${n(i.usdPerVcpuHour.value, 3)}/vCPU-h (AWS m6a.large), disk $${n(i.usdPerDiskGBMonth.value, 2)}/GB-month (guess); the HA floor dominates the zone`,
    'same prices; disk at the 5-year horizon',
  ];
}

const COST_LABELS = [
  'Cloud: actions',
  'Cloud: active storage (upper bound)',
  'Cloud: retained storage',
  'Cloud: plan (Business: max($500, 10 %))',
  '**Cloud: total**',
  'self-hosted Temporal: compute + disk',
  'platform (either way): processes + its database disk',
];

function table(rows: string[][], header: string[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function report(inputs: CapacityInputs = INPUTS): string {
  const zone = plan(inputs, CLOUD_TIERS, zoneShipmentsPerDay(inputs));
  const national = plan(inputs, CLOUD_TIERS, inputs.nationalShipmentsPerDay.value);
  const perZone = inputs.nationalShipmentsPerDay.value / inputs.zones.value;
  const zoneCosts = costRows(zone);
  const nationalCosts = costRows(national);
  return [
    '### Inputs',
    table(
      Object.entries(inputs).map(([k, x]) => [`\`${k}\``, `${x.value.toLocaleString('en-US', { maximumSignificantDigits: 4 })} ${x.unit} — ${x.basis}: ${x.source}`]),
      ['input', 'value — basis: source'],
    ),
    '',
    `### One zone (Dazhou, 2026 target, all of it retail parcels): ${n(zone.shipmentsPerDay)} shipments/day`,
    table(planRows(zone, inputs), ['figure', 'value']),
    '',
    `### 1,000,000 shipments/day, ${inputs.zones.value} zones, one deployment (${n(perZone)} per zone per day)`,
    table(planRows(national, inputs), ['figure', 'value']),
    '',
    '### Cost per 9610 shipment',
    table(
      COST_LABELS.map((label, k) => {
        const bold = (x: string) => (label.startsWith('**') ? `**${x}**` : x);
        return [label, bold(zoneCosts[k]!), bold(nationalCosts[k]!), costBasis(inputs)[k]!];
      }),
      ['per 9610 shipment', 'one zone', '1M/day', 'basis'],
    ),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(report());
