import pg from 'pg';
import { copyFrom, copyRow } from '../../db/copy.js';
import { createDb } from '../../db/client.js';
import { refreshStatsMonths } from '../../db/statistics/index.js';
import { monthsBetween, periodOf, periodWindow } from '../../domain/statistics.js';
import { DAY } from '../../domain/time.js';

/**
 * Seed data for statistics (npm run seed): realistic volumes of enterprises and shipment
 * projection rows written in bulk, not through workflows. Everything seeded is marked: the
 * enterprises' ids start with `seed:` (their shipments are `shipment:seed:…`, their customs codes
 * `SEED…`, their inventory and declaration serials start with 8), so seed data never collides
 * with real data and `--clear` removes exactly it. Deterministic for a given `--seed`.
 *
 * PostgreSQL gets `COPY … FROM STDIN` (db/copy.ts); embedded PGlite, whose socket has no COPY,
 * gets multi-row INSERTs of 1,000 rows instead.
 */

export const SEED_PREFIX = 'seed:';

export interface SeedOptions {
  shipments: number;
  enterprises: number;
  /** Months of history, the current one included. */
  months: number;
  /** Also write one ShipmentLine per shipment. */
  lines: boolean;
  seed: number;
  /** "Now" for ages, statuses and the current month (tests pin it). */
  now: number;
}

export const MODE_WEIGHTS: Record<string, number> = { '9610': 0.6, '9710': 0.15, '9810': 0.1, '1210': 0.15 };

const CORRIDOR_WEIGHTS: Record<string, number> = {
  CR_EXPRESS_CHENGDU: 30, CR_EXPRESS_CHONGQING: 15, RAIL_WATER_YANGTZE: 15, LAND_SEA_QINZHOU: 12, CHINA_LAOS_RAIL: 8, POSTAL_INTERNATIONAL: 20,
};

/** Destinations each corridor plausibly serves (customs country codes confirmed in ceb-messages §10). */
const CORRIDOR_COUNTRIES: Record<string, string[]> = {
  CR_EXPRESS_CHENGDU: ['304', '309', '305', '307', '312', '301', '315', '344', '330'],
  CR_EXPRESS_CHONGQING: ['304', '309', '305', '344', '307', '303'],
  RAIL_WATER_YANGTZE: ['502', '116', '133', '601', '501', '303', '429', '410'],
  LAND_SEA_QINZHOU: ['141', '136', '122', '132', '129', '601'],
  CHINA_LAOS_RAIL: ['136', '122', '132', '141'],
  POSTAL_INTERNATIONAL: ['502', '303', '304', '305', '601', '501', '116', '133', '609'],
};

/** Countries of origin of bonded imports (1210). */
const IMPORT_ORIGINS = ['116', '133', '601', '609', '305', '304', '502', '307', '331'];

const CURRENCY_OF: Record<string, string> = {
  '304': 'EUR', '309': 'EUR', '305': 'EUR', '307': 'EUR', '312': 'EUR', '301': 'EUR', '315': 'EUR', '306': 'EUR',
  '303': 'GBP', '116': 'JPY', '601': 'AUD', '501': 'CAD', '132': 'SGD', '609': 'NZD',
};
/** Rough CNY per unit, for realistic foreign-currency prices (the settled rate varies ±2 %). */
const CNY_PER: Record<string, number> = { USD: 7.1, EUR: 7.75, GBP: 9.05, JPY: 0.048, AUD: 4.65, CAD: 5.15, SGD: 5.3, NZD: 4.2, CNY: 1 };

const GOODS: Record<string, [string, string][]> = {
  export: [
    ['DZ-TEA', '0902300000'], ['DZ-BAMBOO', '4602120000'], ['DZ-CHARGER', '8504401400'], ['DZ-POWERBANK', '8507600010'],
    ['DZ-TSHIRT', '6109100010'], ['DZ-RAMIE', '5309110000'], ['DZ-BEEF', '1602500090'], ['DZ-GLASSWOOL', '7019900090'], ['DZ-HOSE', '4009310000'],
  ],
  import: [['AU-MILK', '1901101000'], ['FR-SERUM', '3304990099'], ['JP-DIAPER', '9619001100'], ['KR-MASK', '3304990099'], ['NZ-HONEY', '0409000000']],
};

/** Statuses a shipment passes, in order, before COMPLETED (the seeder's picture of "in flight"). */
const FLIGHT: Record<string, [status: string, stage: string][]> = {
  '9610': [['DECLARING', 'declaration'], ['AWAITING_GOODS', 'first-leg'], ['CUSTOMS_REVIEW', 'customs'], ['DEPARTING', 'departure'], ['IN_TRANSIT', 'transit'], ['TAX_FILING', 'tax'], ['FX_SETTLEMENT', 'fx']],
  '9710': [['DECLARING', 'declaration'], ['AWAITING_GOODS', 'first-leg'], ['CUSTOMS_REVIEW', 'customs'], ['DEPARTING', 'departure'], ['IN_TRANSIT', 'transit'], ['FX_SETTLEMENT', 'fx'], ['TAX_FILING', 'tax']],
  '9810': [['DECLARING', 'declaration'], ['CUSTOMS_REVIEW', 'customs'], ['DEPARTING', 'departure'], ['IN_TRANSIT', 'transit'], ['AT_WAREHOUSE', 'warehouse']],
  '1210': [['DECLARING', 'declaration'], ['CUSTOMS_REVIEW', 'customs'], ['DELIVERING', 'delivery'], ['DELIVERED', 'return']],
};
/** Typical days from acceptance to COMPLETED (9810: the overseas sales window; 1210: the return period). */
const DAYS_TO_COMPLETE: Record<string, [number, number]> = { '9610': [20, 45], '9710': [25, 50], '9810': [150, 200], '1210': [36, 45] };

/** Volume by calendar month: the Spring Festival dip, the autumn peak. */
const SEASON = [0.9, 0.7, 0.95, 1, 1, 1, 1, 1.05, 1.1, 1.15, 1.35, 1.25];

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from weighted items in O(log n) (cumulative table + binary search). */
class Picker<T> {
  private readonly cumulative: number[] = [];
  constructor(private readonly items: readonly T[], weights: readonly number[]) {
    let sum = 0;
    for (const w of weights) this.cumulative.push((sum += w));
  }
  get empty(): boolean {
    return this.items.length === 0 || (this.cumulative[this.cumulative.length - 1] ?? 0) <= 0;
  }
  pick(r: number): T {
    const target = r * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

const pickerOf = <T extends string>(w: Record<T, number>) => new Picker(Object.keys(w) as T[], Object.values(w) as number[]);

/** A log-normal amount around `median`, clipped to [min, max], rounded to the cent. */
function amount(r: () => number, median: number, sigma: number, min: number, max: number): number {
  const u = Math.max(r(), 1e-9);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
  return Math.round(Math.min(max, Math.max(min, median * Math.exp(sigma * z))) * 100) / 100;
}

export interface SeedEnterprise {
  id: string;
  name: string;
  customsCode: string;
  createdAt: number;
  /** First month (index into the months) it trades in. */
  joins: number;
  size: number;
  modes: Record<string, number>;
  corridors: Picker<string>;
  countries: Record<string, Picker<string>>;
  origins: Picker<string>;
}

const KINDS: { kind: string; weight: number; modes: Record<string, number>; label: string }[] = [
  { kind: 'retail', weight: 55, modes: { '9610': 1, '9710': 0.08, '9810': 0.02, '1210': 0 }, label: '跨境电商' },
  { kind: 'b2b', weight: 15, modes: { '9610': 0.3, '9710': 1, '9810': 0.25, '1210': 0 }, label: '国际贸易' },
  { kind: 'warehouse', weight: 10, modes: { '9610': 0.2, '9710': 0.5, '9810': 1, '1210': 0 }, label: '海外仓供应链' },
  { kind: 'importer', weight: 12, modes: { '9610': 0.03, '9710': 0, '9810': 0, '1210': 1 }, label: '保税进口' },
  { kind: 'mixed', weight: 8, modes: { '9610': 0.6, '9710': 0.5, '9810': 0.3, '1210': 0.6 }, label: '综合服务' },
];
const INDUSTRIES = ['茶业', '竹编工艺', '电子科技', '新材料', '服饰', '食品', '化工', '汽摩配件', '苎麻纺织', '商贸'];

/** The seeded enterprises: sizes by a Zipf law, a business kind each, joining over the months. */
export function seedEnterprises(opts: SeedOptions, firstMonthStart: number): SeedEnterprise[] {
  const r = rng(opts.seed);
  const kinds = new Picker(KINDS, KINDS.map((k) => k.weight));
  const corridorPicker = pickerOf(CORRIDOR_WEIGHTS);
  const out: SeedEnterprise[] = [];
  for (let i = 0; i < opts.enterprises; i++) {
    const n = String(i + 1).padStart(4, '0');
    const kind = kinds.pick(r());
    // a third trade from the start; the others join over the period (the zone grows)
    const joins = i === 0 || r() < 0.35 ? 0 : Math.floor(r() * r() * opts.months * 0.95);
    const corridors = new Set<string>();
    const wanted = 1 + Math.floor(r() * 3);
    while (corridors.size < wanted) corridors.add(corridorPicker.pick(r()));
    const countries: Record<string, Picker<string>> = {};
    for (const c of corridors) {
      const list = [...CORRIDOR_COUNTRIES[c]!].sort(() => r() - 0.5).slice(0, 2 + Math.floor(r() * 4));
      countries[c] = new Picker(list, list.map((_, k) => 1 / (k + 1)));
    }
    const origins = [...IMPORT_ORIGINS].sort(() => r() - 0.5).slice(0, 2 + Math.floor(r() * 3));
    const corridorList = [...corridors];
    out.push({
      id: `${SEED_PREFIX}ent-${n}`,
      name: `达州${INDUSTRIES[i % INDUSTRIES.length]}${kind.label}示范企业${n}号（种子数据）`,
      customsCode: `SEED${String(i + 1).padStart(6, '0')}`,
      createdAt: firstMonthStart + joins * 30 * DAY - Math.floor(r() * 20) * DAY,
      joins,
      size: 1 / Math.pow(i + 1, 1.07),
      modes: kind.modes,
      corridors: new Picker(corridorList, corridorList.map((_, k) => 1 / (k + 1))),
      countries,
      origins: new Picker(origins, origins.map((_, k) => 1 / (k + 1))),
    });
  }
  return out;
}

/** Splits `total` over weights exactly (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]]! += 1;
  return out;
}

/** One Shipment row in COPY column order (SHIPMENT_COLUMNS), and its optional line. */
export type Row = (string | number | null)[];

export const ENTERPRISE_COLUMNS = ['id', 'name', 'customsCode', 'roles', 'status', 'approvedAt', 'approvedBy', 'createdAt', 'updatedAt'];
export const SHIPMENT_COLUMNS = [
  'id', 'enterpriseId', 'orderNo', 'mode', 'corridor', 'status', 'stage', 'seq', 'requestHash', 'request', 'currency', 'goodsValue',
  'invtNo', 'entryId', 'cnyAmount', 'fxRate', 'lastInfo', 'partnerCountry', 'valueCny', 'createdAt', 'updatedAt', 'completedAt',
];
export const LINE_COLUMNS = ['shipmentId', 'lineNo', 'sku', 'hsCode', 'qty', 'amount', 'currency', 'createdAt'];

const isoTs = (ms: number) => new Date(ms).toISOString();

export function enterpriseRow(e: SeedEnterprise): Row {
  const roles = e.modes['1210'] ? '{ECOMMERCE,PLATFORM}' : '{ECOMMERCE}';
  return [e.id, e.name, e.customsCode, roles, 'APPROVED', isoTs(e.createdAt), 'seed', isoTs(e.createdAt), isoTs(e.createdAt)];
}

/**
 * The seeded shipments, month by month: volumes grow over the period with the seasons, the modes
 * follow MODE_WEIGHTS, each shipment goes to an enterprise that trades that mode (by size), on one
 * of its corridors to one of its countries; statuses follow the shipment's age (mostly COMPLETED,
 * a few cancelled, failed or returned, the recent ones in flight).
 */
export function* seedShipments(opts: SeedOptions, enterprises: readonly SeedEnterprise[]): Generator<{ shipment: Row; line: Row | null }> {
  const r = rng(opts.seed ^ 0x5eed);
  const current = periodOf(opts.now);
  const months = monthsBetween(shiftPeriod(current, -(opts.months - 1)), current);
  const modePicker = pickerOf(MODE_WEIGHTS);
  const monthWeights = months.map((p, i) => {
    const w = periodWindow(p);
    const elapsed = Math.min(1, Math.max(0, (opts.now - w.start) / (w.end - w.start)));
    return (1 + (1.2 * i) / Math.max(1, months.length - 1)) * SEASON[Number(p.slice(5)) - 1]! * elapsed;
  });
  const perMonth = apportion(opts.shipments, monthWeights);
  let serial = 0;
  for (let mi = 0; mi < months.length; mi++) {
    const period = months[mi]!;
    const w = periodWindow(period);
    const end = Math.min(w.end, opts.now);
    const year = Number(period.slice(0, 4));
    const byMode: Record<string, Picker<SeedEnterprise>> = {};
    for (const mode of Object.keys(MODE_WEIGHTS)) {
      const active = enterprises.filter((e) => e.joins <= mi && (e.modes[mode] ?? 0) > 0);
      byMode[mode] = new Picker(active, active.map((e) => e.size * e.modes[mode]!));
    }
    // rows are written in acceptance order, as the platform inserts them (the heap follows createdAt)
    const times = Array.from({ length: perMonth[mi]! }, () => w.start + Math.floor(r() * (end - w.start - 1))).sort((a, b) => a - b);
    for (const createdAt of times) {
      let mode = modePicker.pick(r());
      if (byMode[mode]!.empty) mode = '9610';
      const e = byMode[mode]!.pick(r());
      const orderNo = `SEED-${String(++serial).padStart(9, '0')}`;
      const id = `shipment:${e.id}:${orderNo}`;
      const corridor = mode === '1210' ? null : e.corridors.pick(r());
      const country = corridor ? e.countries[corridor]!.pick(r()) : e.origins.pick(r());

      // value
      let currency = 'CNY';
      let goodsValue: number;
      let valueCny: number | null;
      const rate = (c: string) => CNY_PER[c]! * (0.98 + r() * 0.04);
      if (mode === '1210') {
        goodsValue = amount(r, 380, 0.8, 29, 5000);
        valueCny = goodsValue;
      } else if (mode === '9610') {
        currency = r() < 0.1 ? 'CNY' : (CURRENCY_OF[country] ?? 'USD');
        const cny = amount(r, 260, 0.9, 15, 20000);
        goodsValue = Math.round((cny / CNY_PER[currency]!) * 100) / 100 || 0.01;
        valueCny = currency === 'CNY' ? goodsValue : null;
      } else {
        currency = CURRENCY_OF[country] === 'EUR' ? 'EUR' : 'USD';
        valueCny = amount(r, 2600, 0.5, 300, 5000); // within the CBEC list limit (B2B_LIST_MAX_CNY)
        goodsValue = Math.round((valueCny / CNY_PER[currency]!) * 100) / 100;
      }

      // status by age
      const [lo, hi] = DAYS_TO_COMPLETE[mode]!;
      const takes = (lo + r() * (hi - lo)) * DAY;
      const age = opts.now - createdAt;
      const fate = r();
      let status: string;
      let stage: string;
      let completedAt: number | null = null;
      let released = true;
      if (fate < 0.025) {
        [status, stage, completedAt, released] = ['CANCELLED', 'done', createdAt + Math.min(age, 2 * DAY), false];
      } else if (fate < 0.029) {
        [status, stage, completedAt, released] = ['FAILED', 'done', createdAt + Math.min(age, 5 * DAY), false];
      } else if (mode === '1210' && fate < 0.06 && age > 12 * DAY) {
        [status, stage, completedAt] = ['RETURNED', 'done', createdAt + 12 * DAY];
      } else if (age >= takes) {
        [status, stage, completedAt] = ['COMPLETED', 'done', createdAt + takes];
      } else {
        const flight = FLIGHT[mode]!;
        [status, stage] = flight[Math.min(flight.length - 1, Math.floor((age / takes) * flight.length))]!;
        released = status !== 'DECLARING';
      }
      const settled = status === 'COMPLETED' && currency !== 'CNY';
      const fxRate = settled ? rate(currency) : null;
      const cnyAmount = settled ? Math.round(goodsValue * fxRate! * 100) / 100 : null;
      const invtNo = released ? `7901${year}${mode === '1210' ? 'I' : 'E'}${800000000 + serial}` : null;
      // 9610 lists of a closed month are summarised into a customs declaration (entryId)
      const entryId = mode === '9610' && status === 'COMPLETED' && period < current ? `7901${year}0${800000000 + serial}` : null;
      const updatedAt = completedAt ?? createdAt + Math.floor(age * 0.9);

      const shipment: Row = [
        id, e.id, orderNo, mode, corridor, status, stage, 0, 'seed', '{"seeded":true}', currency, goodsValue.toFixed(2),
        invtNo, entryId, cnyAmount?.toFixed(2) ?? null, fxRate?.toFixed(6) ?? null, 'seeded', country,
        valueCny?.toFixed(2) ?? null, isoTs(createdAt), isoTs(updatedAt), completedAt === null ? null : isoTs(completedAt),
      ];
      let line: Row | null = null;
      if (opts.lines) {
        const goods = GOODS[mode === '1210' ? 'import' : 'export']!;
        const [sku, hs] = goods[serial % goods.length]!;
        line = [id, 1, sku, hs, String(1 + (serial % 5)), goodsValue.toFixed(2), currency, isoTs(createdAt)];
      }
      yield { shipment, line };
    }
  }
}

export function shiftPeriod(period: string, months: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const t = y * 12 + (m - 1) + months;
  return `${String(Math.floor(t / 12)).padStart(4, '0')}-${String((t % 12) + 1).padStart(2, '0')}`;
}

export interface SeedResult {
  enterprises: number;
  shipments: number;
  lines: number;
  method: 'copy' | 'insert';
  months: string[];
  writeMs: number;
  rollupMs: number;
  totalMs: number;
}

async function connect(databaseUrl: string, schema?: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  if (schema) await client.query(`SET search_path TO "${schema.replace(/"/g, '')}"`);
  return client;
}

async function isPglite(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ version: string }>('SELECT version() AS version');
  return /PGlite/i.test(rows[0]?.version ?? '');
}

const table = (name: string, columns: readonly string[]) => `"${name}" (${columns.map((c) => `"${c}"`).join(', ')})`;

/** Writes rows with COPY (PostgreSQL) or batched INSERTs (PGlite). */
async function bulkWrite(client: pg.Client, method: 'copy' | 'insert', name: string, columns: readonly string[], rows: Iterable<Row>): Promise<number> {
  if (method === 'copy') {
    const text = (function* () {
      for (const row of rows) yield copyRow(row);
    })();
    return copyFrom(client, `COPY ${table(name, columns)} FROM STDIN`, text);
  }
  let batch: Row[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const values = batch.map((_, i) => `(${columns.map((__, j) => `$${i * columns.length + j + 1}`).join(', ')})`).join(', ');
    await client.query(`INSERT INTO ${table(name, columns)} VALUES ${values}`, batch.flat());
    count += batch.length;
    batch = [];
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= 1000) await flush();
  }
  await flush();
  return count;
}

/** Removes every seeded row (and refreshes the rolled-up months it was counted in). */
export async function clearSeed(databaseUrl: string, opts: { schema?: string; now?: number } = {}): Promise<{ enterprises: number; shipments: number }> {
  const client = await connect(databaseUrl, opts.schema);
  let result: { enterprises: number; shipments: number };
  try {
    await client.query('BEGIN');
    const like = `shipment:${SEED_PREFIX}%`;
    await client.query('DELETE FROM "ShipmentLine" WHERE "shipmentId" LIKE $1', [like]);
    await client.query('DELETE FROM "ShipmentEvent" WHERE "shipmentId" LIKE $1', [like]);
    await client.query('DELETE FROM "ShipmentDocument" WHERE "shipmentId" LIKE $1', [like]);
    const shipments = await client.query('DELETE FROM "Shipment" WHERE "enterpriseId" LIKE $1', [`${SEED_PREFIX}%`]);
    await client.query('DELETE FROM "ApiKey" WHERE "enterpriseId" LIKE $1', [`${SEED_PREFIX}%`]);
    const enterprises = await client.query('DELETE FROM "Enterprise" WHERE "id" LIKE $1', [`${SEED_PREFIX}%`]);
    await client.query('COMMIT');
    result = { enterprises: enterprises.rowCount ?? 0, shipments: shipments.rowCount ?? 0 };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
  if (result.shipments > 0) {
    const db = createDb(databaseUrl, { ...(opts.schema ? { schema: opts.schema } : {}), poolSize: 1 });
    try {
      const now = opts.now ?? Date.now();
      const periods = await db.statsMonthly.findMany({ where: { period: { lt: periodOf(now) } }, distinct: ['period'], select: { period: true } });
      await refreshStatsMonths(db, periods.map((p) => p.period), now);
    } finally {
      await db.$disconnect();
    }
  }
  return result;
}

/**
 * Replaces the seed data with a new set: removes earlier seed rows, writes the enterprises, the
 * shipments (and lines) in one transaction, analyses the tables, then refreshes StatsMonthly
 * for every closed month of the seeded range.
 */
export async function seed(databaseUrl: string, opts: SeedOptions, log: (line: string) => void = () => undefined, schema?: string): Promise<SeedResult> {
  const started = Date.now();
  const cleared = await clearSeed(databaseUrl, { ...(schema ? { schema } : {}), now: opts.now });
  if (cleared.shipments || cleared.enterprises) log(`removed earlier seed data: ${cleared.enterprises} enterprises, ${cleared.shipments} shipments`);
  const current = periodOf(opts.now);
  const months = monthsBetween(shiftPeriod(current, -(opts.months - 1)), current);
  const enterprises = seedEnterprises(opts, periodWindow(months[0]!).start);
  const client = await connect(databaseUrl, schema);
  const method = (await isPglite(client)) ? 'insert' : 'copy';
  let shipments = 0;
  let lines = 0;
  const writeStarted = Date.now();
  try {
    await client.query('BEGIN');
    await bulkWrite(client, method, 'Enterprise', ENTERPRISE_COLUMNS, enterprises.map(enterpriseRow));
    const progressEvery = Math.max(100_000, Math.ceil(opts.shipments / 10));
    const rows = (function* () {
      for (const { shipment } of seedShipments({ ...opts, lines: false }, enterprises)) {
        if (++shipments % progressEvery === 0) log(`  ${shipments.toLocaleString('en')} shipments written`);
        yield shipment;
      }
    })();
    await bulkWrite(client, method, 'Shipment', SHIPMENT_COLUMNS, rows);
    if (opts.lines) {
      // a second pass of the same deterministic generator, so no row is kept in memory
      const lineRows = (function* () {
        for (const { line } of seedShipments(opts, enterprises)) if (line) yield line;
      })();
      lines = await bulkWrite(client, method, 'ShipmentLine', LINE_COLUMNS, lineRows);
    }
    await client.query('COMMIT');
    await client.query('ANALYZE "Enterprise"');
    await client.query('ANALYZE "Shipment"');
    if (opts.lines) await client.query('ANALYZE "ShipmentLine"');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
  const writeMs = Date.now() - writeStarted;
  log(`wrote ${enterprises.length} enterprises, ${shipments.toLocaleString('en')} shipments${opts.lines ? `, ${lines.toLocaleString('en')} lines` : ''} with ${method === 'copy' ? 'COPY' : 'INSERT'} in ${(writeMs / 1000).toFixed(1)} s`);

  const rollupStarted = Date.now();
  const db = createDb(databaseUrl, { ...(schema ? { schema } : {}), poolSize: 1 });
  try {
    await refreshStatsMonths(db, months.filter((p) => p < current), opts.now);
    await db.$executeRawUnsafe('ANALYZE "StatsMonthly"');
  } finally {
    await db.$disconnect();
  }
  const rollupMs = Date.now() - rollupStarted;
  log(`refreshed StatsMonthly for ${months.length - 1} closed months in ${(rollupMs / 1000).toFixed(1)} s`);
  return { enterprises: enterprises.length, shipments, lines, method, months, writeMs, rollupMs, totalMs: Date.now() - started };
}
