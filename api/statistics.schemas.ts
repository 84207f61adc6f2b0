import { z } from 'zod';
import { BASIS, DIMENSIONS } from '../domain/statistics.js';

/** Request and response schemas of the statistics endpoints (api/routes/statistics.routes.ts). */
export const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
export const CorridorFilter = z.string().regex(/^[A-Z_]{2,40}$/).meta({ description: 'A corridor id, or NONE for shipments without one (1210 imports)' });
export const CountryFilter = z.string().regex(/^(\d{3}|NONE)$/).meta({ description: 'Customs 3-digit country code (destination of an export, origin of an import), or NONE' });

export const FilterQuery = {
  from: Period.optional().meta({ description: 'First month (China time), YYYY-MM; default January of the current year' }),
  to: Period.optional().meta({ description: 'Last month (China time), YYYY-MM; default the current month' }),
  mode: z.enum(['9610', '9710', '9810', '1210']).optional(),
  direction: z.enum(['import', 'export']).optional().meta({ description: 'import = 1210; export = 9610, 9710, 9810' }),
  corridor: CorridorFilter.optional(),
  partnerCountry: CountryFilter.optional(),
  enterpriseId: z.string().min(1).max(100).optional().meta({ description: 'Ops key only (an enterprise key always sees its own figures)' }),
};

export const TradeQuery = z
  .object({
    ...FilterQuery,
    groupBy: z
      .string()
      .regex(new RegExp(`^(${DIMENSIONS.join('|')})(,(${DIMENSIONS.join('|')}))?$`), `up to two of ${DIMENSIONS.join(', ')}, comma-separated`)
      .optional()
      .meta({ description: `Up to two of ${DIMENSIONS.join(', ')}, comma-separated (none: one total)`, example: 'month,mode' }),
    limit: z.coerce.number().int().min(1).max(10_000).default(1000).meta({ description: 'Most rows returned (the totals always cover all)' }),
  })
  .strict();

export const DrilldownQuery = z
  .object({ ...FilterQuery, cursor: z.string().max(300).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();

export const TargetsQuery = z.object({ year: z.coerce.number().int().min(2020).max(2100).optional().meta({ description: 'Calendar year; default the current one' }) }).strict();

export const Amount = z.string().meta({ description: 'CNY, 2 decimals' });
export const Figures = { shipments: z.number().int(), valueCny: Amount, valuePendingShipments: z.number().int().meta({ description: BASIS.valuePendingShipments }) };
export const Scope = z
  .object({ kind: z.enum(['zone', 'enterprise']), enterpriseId: z.string().nullable() })
  .meta({ id: 'StatisticsScope', description: 'zone: the ops key, every enterprise; enterprise: an enterprise key, its own figures only' });
export const PeriodInfo = z
  .object({ from: z.string(), to: z.string(), start: z.string(), end: z.string(), timezone: z.string() })
  .meta({ id: 'StatisticsPeriod', description: 'Whole months [from, to] in China time; start/end are the UTC instants [start, end)' });
export const SourceSchema = z
  .object({ period: z.string(), source: z.enum(['rollup', 'live']), refreshedAt: z.string().nullable() })
  .meta({ id: 'StatisticsSource', description: 'rollup: the StatsMonthly rows of a closed month, as refreshed at refreshedAt; live: aggregated from the shipments now' });
export const Basis = z.record(z.string(), z.string()).meta({ id: 'StatisticsBasis', description: 'What each figure counts' });
export const Filters = z
  .object({
    mode: z.string().nullable(), direction: z.string().nullable(), corridor: z.string().nullable(), partnerCountry: z.string().nullable(), enterpriseId: z.string().nullable(),
  })
  .meta({ id: 'StatisticsFilters' });
export const Key = z
  .object({
    month: z.string().nullable().optional(), mode: z.string().nullable().optional(), direction: z.string().nullable().optional(),
    corridor: z.string().nullable().optional(), partnerCountry: z.string().nullable().optional(), enterprise: z.string().nullable().optional(),
  })
  .meta({ id: 'StatisticsKey', description: 'The group of the row (null corridor: a 1210 import)' });

export const TradeStatistics = z
  .object({
    scope: Scope,
    period: PeriodInfo,
    filters: Filters,
    groupBy: z.array(z.string()),
    basis: Basis,
    sources: z.array(SourceSchema),
    totals: z.object(Figures),
    rows: z.array(
      z.object({
        key: Key,
        enterpriseName: z.string().nullable().optional(),
        ...Figures,
        drilldown: z.string().meta({ description: 'The shipments behind this figure' }),
      }),
    ),
    truncated: z.boolean(),
  })
  .meta({ id: 'TradeStatistics' });

export const DrilldownItem = z
  .object({
    id: z.string(), orderNo: z.string(), enterpriseId: z.string(), mode: z.string(), direction: z.string(), corridor: z.string().nullable(),
    partnerCountry: z.string().nullable(), status: z.string(), period: z.string(), createdAt: z.string(), completedAt: z.string().nullable(),
    currency: z.string(), goodsValue: z.string(), valueCny: z.string().nullable(),
    valueSource: z.enum(['accepted', 'settled']).nullable().meta({ description: 'accepted: known at acceptance (declared or CNY price); settled: CNY amount of the FX settlement' }),
    invtNo: z.string().nullable().meta({ description: 'Inventory (清单) number' }),
    entryId: z.string().nullable().meta({ description: 'Customs declaration number (报关单号) from the monthly summary' }),
  })
  .meta({ id: 'StatisticsDrilldownItem' });

export const Drilldown = z
  .object({
    scope: Scope, period: PeriodInfo, filters: Filters, basis: Basis, sources: z.array(SourceSchema),
    figure: z.object(Figures).meta({ description: 'The figure these shipments make up (same sources as /v1/statistics/trade)' }),
    items: z.array(DrilldownItem),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'StatisticsDrilldown' });

export const Target = z
  .object({
    metric: z.enum(['annualTradeValueCny', 'enterprises']),
    planText: z.string(),
    target: z.string(),
    actual: z.string(),
    progress: z.number().nullable().meta({ description: 'actual / target (1 = reached)' }),
    basis: z.string(),
  })
  .meta({ id: 'StatisticsTarget' });

export const Targets = z
  .object({
    scope: Scope,
    year: z.number().int(),
    period: PeriodInfo,
    plan: z.object({ document: z.string(), section: z.string(), milestoneYear: z.number().int(), note: z.string().nullable() }),
    figures: z.object({
      tradeValueCny: Amount, exportValueCny: Amount, importValueCny: Amount, shipments: z.number().int(), valuePendingShipments: z.number().int(),
      activeEnterprises: z.number().int(), registeredEnterprises: z.number().int(),
    }),
    targets: z.array(Target),
    yearElapsed: z.number().meta({ description: 'Share of the calendar year passed (China time): a linear pace to compare progress with' }),
    basis: Basis,
    sources: z.array(SourceSchema),
  })
  .meta({ id: 'StatisticsTargets' });

export const ReportLine = z.object({ key: z.string(), label: z.string(), ...Figures });
export const MonthlyReport = z
  .object({
    kind: z.string(), period: z.string(), window: z.object({ start: z.string(), end: z.string(), timezone: z.string() }), generatedAt: z.string(), refreshedAt: z.string(),
    basis: Basis,
    totals: z.object({ ...Figures, enterprises: z.number().int() }),
    byDirection: z.array(ReportLine), byMode: z.array(ReportLine), byCorridor: z.array(ReportLine), byPartnerCountry: z.array(ReportLine), byEnterprise: z.array(ReportLine),
    targets: z.object({
      plan: z.object({ document: z.string(), section: z.string() }), year: z.number().int(), through: z.string(), milestoneYear: z.number().int(), note: z.string().nullable(),
      tradeValueCny: z.object({ actual: z.string(), target: z.string(), progress: z.number().nullable() }),
      enterprises: z.object({ active: z.number().int(), target: z.number().int(), progress: z.number().nullable() }),
    }),
  })
  .meta({ id: 'StatisticsMonthlyReport' });
export const ReportParams = z.object({ period: Period });
export const ReportQuery = z.object({ format: z.enum(['json', 'csv']).default('json') }).strict();
export const ReportRunBody = z.object({ period: Period.meta({ description: 'A closed month (China time), YYYY-MM' }) }).strict().meta({ id: 'StatisticsReportRunRequest' });
export const ReportRunAccepted = z
  .object({ period: z.string(), workflowId: z.string(), runId: z.string(), report: z.string().meta({ description: 'Where the report will be' }) })
  .meta({ id: 'StatisticsReportRunAccepted' });
