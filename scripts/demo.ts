import { readFileSync } from 'node:fs';
import { createCbecClient } from '../api/client/index.js';
import { loadConfig } from '../config/config.js';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import { repoRoot } from './lib/tools.js';

/**
 * `npm run demo [-- --count N] [-- --wait]`: submits N demo 9610 shipments built from
 * examples/shipment-9610.json (taking turns on the corridors) and one 9710 B2B shipment from
 * examples/shipment-9710.json to the running platform; with --wait, exits 0 once all are
 * COMPLETED (non-zero on failure or after --timeout seconds, default 300).
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
const config = loadConfig();
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
// and one B2B direct export (9710) from examples/shipment-9710.json
const b2b = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9710.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9710' }>;
{
  const orderNo = `DEMO-${run}-B2B`;
  const res = await api.POST('/v1/shipments', { body: { ...b2b, orderNo, logistics: { ...b2b.logistics, waybillNo: `WB${run}B2B` } } });
  if (!res.data) {
    console.error(`demo: creating ${orderNo} failed: ${res.response.status} ${JSON.stringify(res.error)}`);
    process.exit(1);
  }
  ids.push(res.data.id);
  console.log(`created ${res.data.id} (9710 B2B) (${res.response.status})`);
}
console.log(`Temporal UI: find them with the query  EnterpriseId='ent-dazhou-demo'  (or CustomsMode='9610' / '9710')`);
if (!flag('wait')) process.exit(0);

const deadline = Date.now() + timeoutS * 1000;
const last = new Map<string, string>();
for (;;) {
  const statuses = await Promise.all(ids.map(async (id) => (await api.GET('/v1/shipments/{id}', { params: { path: { id } } })).data?.status ?? 'UNKNOWN'));
  statuses.forEach((s, i) => {
    const id = ids[i]!;
    if (last.get(id) !== s) console.log(`${id}: ${s}`);
    last.set(id, s);
  });
  if (statuses.every((s) => s === 'COMPLETED')) {
    console.log(`demo: all ${ids.length} shipments COMPLETED`);
    process.exit(0);
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
