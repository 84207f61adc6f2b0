import type { Dimension, Direction, Source } from '../../domain/statistics.js';

export interface StatsFilters {
  mode?: string | undefined;
  direction?: Direction | undefined;
  /** A corridor id, or NONE for shipments without one (1210). */
  corridor?: string | undefined;
  /** A customs country code, or NONE. */
  partnerCountry?: string | undefined;
  enterpriseId?: string | undefined;
}

export interface StatsQuery {
  from: string;
  to: string;
  groupBy: readonly Dimension[];
  filters: StatsFilters;
  /** Ignore the rollup and aggregate every month live (the monthly report, tests). */
  live?: boolean;
}

export type StatsKey = Partial<Record<Dimension, string | null>>;

export interface StatsRow {
  key: StatsKey;
  shipments: number;
  valueCny: string;
  valuePendingShipments: number;
}

export interface StatsResult {
  sources: Source[];
  rows: StatsRow[];
  totals: { shipments: number; valueCny: string; valuePendingShipments: number };
}

/** One aggregated group: its key values in groupBy order, shipments, value in fen, pending. */
export interface Group {
  keys: (string | null)[];
  n: number;
  fen: bigint;
  pending: number;
}
