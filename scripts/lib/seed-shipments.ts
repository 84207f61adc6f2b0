import { monthsBetween, periodOf, periodWindow } from '../../domain/statistics.js';
import type { ShipmentStatus, Stage } from '../../domain/status.js';
import { DAY } from '../../domain/time.js';
import type { SeedEnterprise } from './seed-enterprises.js';
import type { SeedOptions } from './seed-options.js';
import { isoTs, type Row } from './seed-rows.js';
import { amount, apportion, Picker, pickerOf, rng } from './seed-sampling.js';

/** The seeded shipments (seed.ts): modes, values, statuses by age, the seasons. */

export const MODE_WEIGHTS: Record<string, number> = { '9610': 0.6, '9710': 0.15, '9810': 0.1, '1210': 0.15 };

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
const FLIGHT: Record<string, [status: ShipmentStatus, stage: Stage][]> = {
  '9610': [['DECLARING', 'declaration'], ['AWAITING_GOODS', 'first-leg'], ['CUSTOMS_REVIEW', 'customs'], ['DEPARTING', 'departure'], ['IN_TRANSIT', 'transit'], ['TAX_FILING', 'tax'], ['FX_SETTLEMENT', 'fx']],
  '9710': [['DECLARING', 'declaration'], ['AWAITING_GOODS', 'first-leg'], ['CUSTOMS_REVIEW', 'customs'], ['DEPARTING', 'departure'], ['IN_TRANSIT', 'transit'], ['FX_SETTLEMENT', 'fx'], ['TAX_FILING', 'tax']],
  '9810': [['DECLARING', 'declaration'], ['CUSTOMS_REVIEW', 'customs'], ['DEPARTING', 'departure'], ['IN_TRANSIT', 'transit'], ['AT_WAREHOUSE', 'warehouse']],
  '1210': [['DECLARING', 'declaration'], ['CUSTOMS_REVIEW', 'customs'], ['DELIVERING', 'delivery'], ['DELIVERED', 'return']],
};
/** Typical days from acceptance to COMPLETED (9810: the overseas sales window; 1210: the return period). */
const DAYS_TO_COMPLETE: Record<string, [number, number]> = { '9610': [20, 45], '9710': [25, 50], '9810': [150, 200], '1210': [36, 45] };

/** Volume by calendar month: the Spring Festival dip, the autumn peak. */
const SEASON = [0.9, 0.7, 0.95, 1, 1, 1, 1, 1.05, 1.1, 1.15, 1.35, 1.25];

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
