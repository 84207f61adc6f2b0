import { readFileSync } from 'node:fs';
import { createCbecClient } from '../api/client/index.js';
import { loadConfig } from '../config/config.js';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import { financeDemo } from './lib/demo-finance.js';
import { repoRoot } from './lib/tools.js';

/**
 * `npm run demo [-- --count N] [-- --wait]`: submits N demo 9610 shipments built from
 * examples/shipment-9610.json (taking turns on the corridors), one 9710 B2B and one 9810
 * overseas-warehouse export, and one 1210 bonded import (after entering its bonded stock) from
 * the other examples to the running platform. Then (unless --no-finance) it finances two of them
 * with lender-bank: a refund-backed loan on the 9710's export refund once filed, and receivable
 * financing on the 9810's first sales batch not yet settled (scripts/lib/demo-finance.ts), both
 * accepted. With --wait, exits 0 once all shipments are COMPLETED and both loans CLOSED
 * (non-zero on failure or after --timeout seconds, default 300).
 */
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const value = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`demo: --${name} needs a positive number`);
    process.exit(2);
  }
  return v;
};
const count = value('count', 3);
const timeoutS = value('timeout', 300);
process.env.CBEC_ENV ??= 'development'; // the demo talks to `npm start` with its public demo key
const config = loadConfig();
if (!config.DEMO_API_KEY) throw new Error('demo: set DEMO_API_KEY (the enterprise API key the demo uses)');
const api = createCbecClient(config.PUBLIC_URL, config.DEMO_API_KEY.reveal());
const example = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9610.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9610' }>;
const run = Date.now().toString(36).toUpperCase();

// Demo shipments take turns on the corridors, each to a destination its carrier serves.
const ROUTES: Pick<typeof example, 'corridor' | 'destination'>[] = [
  { corridor: 'CR_EXPRESS_CHENGDU', destination: { country: '304', port: 'DEU' } },
  { corridor: 'LAND_SEA_QINZHOU', destination: { country: '132', port: 'SGP' } },
  { corridor: 'POSTAL_INTERNATIONAL', destination: { country: '327', port: 'POL' } },
  { corridor: 'RAIL_WATER_YANGTZE', destination: { country: '116', port: 'JPN' } },
  { corridor: 'CHINA_LAOS_RAIL', destination: { country: '119', port: 'LAO' } },
];

const ids: string[] = [];
for (let i = 1; i <= count; i++) {
  const orderNo = `DEMO-${run}-${i}`;
  const route = ROUTES[(i - 1) % ROUTES.length]!;
  const body = { ...example, ...route, orderNo, logistics: { ...example.logistics, waybillNo: `WB${run}${i}` } };
  const res = await api.POST('/v1/shipments', { body }).catch((err: unknown) => {
    console.error(`demo: cannot reach the API at ${config.PUBLIC_URL} (is npm start running?): ${String(err)}`);
    process.exit(1);
  });
  if (!res.data) {
    console.error(`demo: creating ${orderNo} failed: ${res.response.status} ${JSON.stringify(res.error)}`);
    process.exit(1);
  }
  ids.push(res.data.id);
  console.log(`created ${res.data.id} on ${route.corridor} (${res.response.status})`);
}
/** Creates one shipment from an example file under a demo order number. */
async function submit(file: string, label: string, change: (body: ShipmentCreate) => ShipmentCreate): Promise<string> {
  const example = JSON.parse(readFileSync(`${repoRoot()}examples/${file}`, 'utf8')) as ShipmentCreate;
  const res = await api.POST('/v1/shipments', { body: change(example) });
  if (!res.data) {
    console.error(`demo: creating the ${label} failed: ${res.response.status} ${JSON.stringify(res.error)}`);
    process.exit(1);
  }
  ids.push(res.data.id);
  console.log(`created ${res.data.id} (${label}) (${res.response.status})`);
  return res.data.id;
}

// one B2B direct export (9710) and one export to an overseas warehouse (9810)
let shipment9710 = '';
let shipment9810 = '';
for (const [file, label, tag] of [['shipment-9710.json', '9710 B2B', 'B2B'], ['shipment-9810.json', '9810 overseas warehouse', 'OW']] as const) {
  const id = await submit(file, label, (b) => (b.mode === '1210' ? b : { ...b, orderNo: `DEMO-${run}-${tag}`, logistics: { ...b.logistics, waybillNo: `WB${run}${tag}` } }));
  if (tag === 'B2B') shipment9710 = id;
  else shipment9810 = id;
}

// one bonded import (1210): bonded stock is entered into the centre first, then a consumer orders
{
  const order = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-1210.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '1210' }>;
  const entry = await api.POST('/v1/stock-entries', {
    body: { warehouseCode: order.warehouse.code, entryNo: `DEMO-${run}-ENTRY`, lines: order.items.map((i) => ({ sku: i.sku, name: i.name, qty: i.qty * 10 })) },
  });
  if (!entry.data) {
    console.error(`demo: the bonded stock entry failed: ${entry.response.status} ${JSON.stringify(entry.error)}`);
    process.exit(1);
  }
  console.log(`created ${entry.data.id} (1210 bonded stock entry)`);
  const entryDeadline = Date.now() + timeoutS * 1000;
  while ((await api.GET('/v1/stock-entries/{id}', { params: { path: { id: entry.data.id } } })).data?.status !== 'RECEIVED') {
    if (Date.now() > entryDeadline) {
      console.error('demo: the bonded stock entry was not received in time');
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  console.log('bonded stock received into the centre');
  await submit('shipment-1210.json', '1210 bonded import', (b) =>
    b.mode === '1210' ? { ...b, orderNo: `DEMO-${run}-BI`, logistics: { ...b.logistics, waybillNo: `WB${run}BI` }, payment: { ...b.payment, transactionId: `PAY${run}BI` } } : b,
  );
}
console.log(`Temporal UI: find them with the query  EnterpriseId='ent-dazhou-demo'  (or CustomsMode='9610' / '9710' / '9810' / '1210')`);
const deadline = Date.now() + timeoutS * 1000;
const loans = flag('no-finance') ? [] : await financeDemo(api, { shipment9710, shipment9810, deadline }).catch((err: unknown) => {
  console.error(`demo: financing failed: ${String(err)}`);
  process.exit(1);
});
if (loans.length) console.log(`Temporal UI: the loans with  LoanStatus IS NOT NULL  (LoanStatus='CLOSED' once repaid)`);
if (!flag('wait')) process.exit(0);

const last = new Map<string, string>();
for (;;) {
  const statuses = await Promise.all(ids.map(async (id) => (await api.GET('/v1/shipments/{id}', { params: { path: { id } } })).data?.status ?? 'UNKNOWN'));
  statuses.forEach((s, i) => {
    const id = ids[i]!;
    if (last.get(id) !== s) console.log(`${id}: ${s}`);
    last.set(id, s);
  });
  const loanStatuses = await Promise.all(loans.map(async (id) => (await api.GET('/v1/loans/{id}', { params: { path: { id } } })).data?.status ?? 'UNKNOWN'));
  loanStatuses.forEach((s, i) => {
    const id = loans[i]!;
    if (last.get(id) !== s) console.log(`${id}: ${s}`);
    last.set(id, s);
  });
  if (statuses.every((s) => s === 'COMPLETED') && loanStatuses.every((s) => s === 'CLOSED')) {
    console.log(`demo: all ${ids.length} shipments COMPLETED${loans.length ? `, ${loans.length} loans CLOSED` : ''}`);
    process.exit(0);
  }
  if (loanStatuses.some((s) => !['DISBURSED', 'ACCEPTED', 'REPAYING', 'CLOSED'].includes(s))) {
    console.error('demo: a loan ended without closing');
    process.exit(1);
  }
  if (statuses.some((s) => s === 'FAILED' || s === 'CANCELLED')) {
    console.error('demo: a shipment ended without completing');
    process.exit(1);
  }
  if (Date.now() > deadline) {
    console.error(`demo: not all shipments completed within ${timeoutS} s`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 500));
}
