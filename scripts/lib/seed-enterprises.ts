import { DAY } from '../../domain/time.js';
import { SEED_PREFIX, type SeedOptions } from './seed-options.js';
import { Picker, pickerOf, rng } from './seed-sampling.js';

/** The seeded enterprises (seed.ts): kinds, sizes, corridors and countries. */

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
