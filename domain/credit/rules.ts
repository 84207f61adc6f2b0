/**
 * The zone's credit evaluation (一库三系统, docs/reference/domain-rules.md §6.1): facts about an enterprise taken from
 * its shipments (credit events) are scored by versioned rules. Customs' own classes (GACC Order
 * 282, in force 2026-04-01: 高级认证企业, 认证企业, 常规企业, 失信企业, 严重失信企业) are decided by
 * customs; the certified classes come only from a customs certification, which the zone cannot
 * grant. The zone's level is therefore one of the three non-certified classes, derived from the
 * score, plus the negative list. Points and thresholds are the zone's choice (⚠ no reference
 * gives a scoring formula): they are data, versioned, and every score lists its contributions.
 */
export interface CreditRule {
  /** Credit event kind the rule scores. */
  kind: string;
  points: number;
  /** At most this many events of the kind count (good records are capped). */
  cap?: number;
  why: string;
}

export interface CreditModel {
  version: number;
  effectiveFrom: string;
  base: number;
  rules: readonly CreditRule[];
  /** Lowest score of each level, highest first. */
  levels: readonly { level: CreditLevel; minScore: number }[];
  /** Events older than this many days no longer count (credit repair). */
  windowDays: number;
}

export type CreditLevel = 'REGULAR' | 'DISHONEST' | 'SERIOUSLY_DISHONEST';

export const LEVEL_NAMES: Record<CreditLevel, string> = {
  REGULAR: '常规企业 (regular)',
  DISHONEST: '失信企业 (dishonest)',
  SERIOUSLY_DISHONEST: '严重失信企业 (seriously dishonest)',
};

export const CREDIT_MODELS: readonly CreditModel[] = [
  {
    version: 1,
    effectiveFrom: '2026-04-01',
    base: 80,
    windowDays: 365,
    rules: [
      { kind: 'SHIPMENT_COMPLETED', points: 0.2, cap: 100, why: 'shipment completed as declared' },
      { kind: 'CUSTOMS_REJECTION', points: -2, why: 'declaration rejected by customs (退单)' },
      { kind: 'INSPECTION_FINDING', points: -25, why: 'inspection found a problem; goods seized' },
      { kind: 'FX_MISMATCH', points: -5, why: 'FX received differs from the declaration' },
      { kind: 'TAX_MISMATCH', points: -3, why: 'tax collected from the buyer differs from the customs assessment' },
      { kind: 'SLA_BREACHED', points: -0.5, why: 'a step overran its service level' },
      { kind: 'SHIPMENT_CANCELLED', points: -0.5, why: 'shipment cancelled after submission' },
      { kind: 'SHIPMENT_FAILED', points: -3, why: 'shipment failed' },
      { kind: 'RISK_CONFIRMED', points: -15, why: 'a risk hit confirmed by ops review' },
    ],
    levels: [
      { level: 'REGULAR', minScore: 60 },
      { level: 'DISHONEST', minScore: 30 },
      { level: 'SERIOUSLY_DISHONEST', minScore: -Infinity },
    ],
  },
];

/** Timeline event types of a shipment that are credit facts, and the kind they count as. */
export const CREDIT_EVENT_OF_TIMELINE: Readonly<Record<string, string>> = {
  COMPLETED: 'SHIPMENT_COMPLETED',
  REJECTED: 'CUSTOMS_REJECTION',
  SEIZED: 'INSPECTION_FINDING',
  FX_MISMATCH: 'FX_MISMATCH',
  TAX_MISMATCH: 'TAX_MISMATCH',
  SLA_BREACHED: 'SLA_BREACHED',
  CANCELLED: 'SHIPMENT_CANCELLED',
  FAILED: 'SHIPMENT_FAILED',
};

export interface CreditScore {
  modelVersion: number;
  score: number;
  level: CreditLevel;
  levelName: string;
  negativeListed: boolean;
  contributions: { kind: string; count: number; counted: number; points: number; why: string }[];
}

export function creditModelOn(date: string): CreditModel {
  const model = [...CREDIT_MODELS].reverse().find((m) => m.effectiveFrom <= date) ?? CREDIT_MODELS[0];
  if (!model) throw new Error('no credit model');
  return model;
}

/** Scores event counts (within the model's window) under a model; the negative list overrides the level. */
export function scoreCredit(model: CreditModel, counts: Readonly<Record<string, number>>, negativeListed: boolean): CreditScore {
  const contributions = model.rules
    .map((r) => {
      const count = counts[r.kind] ?? 0;
      const counted = r.cap === undefined ? count : Math.min(count, r.cap);
      return { kind: r.kind, count, counted, points: round1(counted * r.points), why: r.why };
    })
    .filter((c) => c.count > 0);
  const score = Math.max(0, Math.min(100, round1(model.base + contributions.reduce((s, c) => s + c.points, 0))));
  const level = negativeListed ? 'SERIOUSLY_DISHONEST' : (model.levels.find((l) => score >= l.minScore)?.level ?? 'SERIOUSLY_DISHONEST');
  return { modelVersion: model.version, score, level, levelName: LEVEL_NAMES[level], negativeListed, contributions };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
