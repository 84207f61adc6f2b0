import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { InvalidCursor } from '../../db/queries.js';
import { drilldown, enterpriseNames, planProgress, tradeStatistics, type StatsFilters, type StatsKey } from '../../db/statistics.js';
import {
  BASIS,
  DIMENSIONS,
  FILTER_NONE,
  monthsBetween,
  periodOf,
  periodWindow,
  PLAN_REFERENCE,
  ratio,
  reportFileNames,
  STATISTICS_TIMEZONE,
  toFen,
  yearElapsed,
  type Dimension,
  type Source,
} from '../../domain/statistics.js';
import { startMonthlyStatistics } from '../../worker/statistics-schedule.js';
import { authenticate } from '../auth.js';
import { checkOps, opsIdentity } from '../ops-auth.js';
import { appendAudit } from '../../db/audit.js';
import { ApiError } from '../errors.js';
import { ErrorBody } from '../schemas.js';

const MAX_MONTHS = 120;

const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const CorridorFilter = z.string().regex(/^[A-Z_]{2,40}$/).meta({ description: 'A corridor id, or NONE for shipments without one (1210 imports)' });
const CountryFilter = z.string().regex(/^(\d{3}|NONE)$/).meta({ description: 'Customs 3-digit country code (destination of an export, origin of an import), or NONE' });

const FilterQuery = {
  from: Period.optional().meta({ description: 'First month (China time), YYYY-MM; default January of the current year' }),
  to: Period.optional().meta({ description: 'Last month (China time), YYYY-MM; default the current month' }),
  mode: z.enum(['9610', '9710', '9810', '1210']).optional(),
  direction: z.enum(['import', 'export']).optional().meta({ description: 'import = 1210; export = 9610, 9710, 9810' }),
  corridor: CorridorFilter.optional(),
  partnerCountry: CountryFilter.optional(),
  enterpriseId: z.string().min(1).max(100).optional().meta({ description: 'Ops key only (an enterprise key always sees its own figures)' }),
};

const TradeQuery = z
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

const DrilldownQuery = z
  .object({ ...FilterQuery, cursor: z.string().max(300).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();

const TargetsQuery = z.object({ year: z.coerce.number().int().min(2020).max(2100).optional().meta({ description: 'Calendar year; default the current one' }) }).strict();

const Amount = z.string().meta({ description: 'CNY, 2 decimals' });
const Figures = { shipments: z.number().int(), valueCny: Amount, valuePendingShipments: z.number().int().meta({ description: BASIS.valuePendingShipments }) };
const Scope = z
  .object({ kind: z.enum(['zone', 'enterprise']), enterpriseId: z.string().nullable() })
  .meta({ id: 'StatisticsScope', description: 'zone: the ops key, every enterprise; enterprise: an enterprise key, its own figures only' });
const PeriodInfo = z
  .object({ from: z.string(), to: z.string(), start: z.string(), end: z.string(), timezone: z.string() })
  .meta({ id: 'StatisticsPeriod', description: 'Whole months [from, to] in China time; start/end are the UTC instants [start, end)' });
const SourceSchema = z
  .object({ period: z.string(), source: z.enum(['rollup', 'live']), refreshedAt: z.string().nullable() })
  .meta({ id: 'StatisticsSource', description: 'rollup: the StatsMonthly rows of a closed month, as refreshed at refreshedAt; live: aggregated from the shipments now' });
const Basis = z.record(z.string(), z.string()).meta({ id: 'StatisticsBasis', description: 'What each figure counts' });
const Filters = z
  .object({
    mode: z.string().nullable(), direction: z.string().nullable(), corridor: z.string().nullable(), partnerCountry: z.string().nullable(), enterpriseId: z.string().nullable(),
  })
  .meta({ id: 'StatisticsFilters' });
const Key = z
  .object({
    month: z.string().nullable().optional(), mode: z.string().nullable().optional(), direction: z.string().nullable().optional(),
    corridor: z.string().nullable().optional(), partnerCountry: z.string().nullable().optional(), enterprise: z.string().nullable().optional(),
  })
  .meta({ id: 'StatisticsKey', description: 'The group of the row (null corridor: a 1210 import)' });

const TradeStatistics = z
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

const DrilldownItem = z
  .object({
    id: z.string(), orderNo: z.string(), enterpriseId: z.string(), mode: z.string(), direction: z.string(), corridor: z.string().nullable(),
    partnerCountry: z.string().nullable(), status: z.string(), period: z.string(), createdAt: z.string(), completedAt: z.string().nullable(),
    currency: z.string(), goodsValue: z.string(), valueCny: z.string().nullable(),
    valueSource: z.enum(['accepted', 'settled']).nullable().meta({ description: 'accepted: known at acceptance (declared or CNY price); settled: CNY amount of the FX settlement' }),
    invtNo: z.string().nullable().meta({ description: 'Inventory (清单) number' }),
    entryId: z.string().nullable().meta({ description: 'Customs declaration number (报关单号) from the monthly summary' }),
  })
  .meta({ id: 'StatisticsDrilldownItem' });

const Drilldown = z
  .object({
    scope: Scope, period: PeriodInfo, filters: Filters, basis: Basis, sources: z.array(SourceSchema),
    figure: z.object(Figures).meta({ description: 'The figure these shipments make up (same sources as /v1/statistics/trade)' }),
    items: z.array(DrilldownItem),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'StatisticsDrilldown' });

const Target = z
  .object({
    metric: z.enum(['annualTradeValueCny', 'enterprises']),
    planText: z.string(),
    target: z.string(),
    actual: z.string(),
    progress: z.number().nullable().meta({ description: 'actual / target (1 = reached)' }),
    basis: z.string(),
  })
  .meta({ id: 'StatisticsTarget' });

const Targets = z
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

const ReportLine = z.object({ key: z.string(), label: z.string(), ...Figures });
const MonthlyReport = z
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
const ReportParams = z.object({ period: Period });
const ReportQuery = z.object({ format: z.enum(['json', 'csv']).default('json') }).strict();
const ReportRunBody = z.object({ period: Period.meta({ description: 'A closed month (China time), YYYY-MM' }) }).strict().meta({ id: 'StatisticsReportRunRequest' });
const ReportRunAccepted = z
  .object({ period: z.string(), workflowId: z.string(), runId: z.string(), report: z.string().meta({ description: 'Where the report will be' }) })
  .meta({ id: 'StatisticsReportRunAccepted' });

type Who = { kind: 'zone'; enterpriseId: null } | { kind: 'enterprise'; enterpriseId: string };

/** An ops key (any role) sees the zone; an enterprise key its own figures. */
async function who(db: Db, config: Config, req: FastifyRequest): Promise<Who> {
  if (await opsIdentity({ db, breakGlassKey: config.OPS_API_KEY }, req)) return { kind: 'zone', enterpriseId: null };
  const caller = await authenticate(db, req);
  return { kind: 'enterprise', enterpriseId: caller.enterpriseId };
}

function requireZone(scope: Who): void {
  if (scope.kind !== 'zone') throw new ApiError(403, 'FORBIDDEN', 'zone figures, targets and reports need the ops key; an enterprise key sees its own figures under /v1/statistics/trade');
}

/** The months and filters of a request, checked and narrowed to the caller's scope. */
function resolve(scope: Who, q: { from?: string | undefined; to?: string | undefined } & StatsFilters, now: number) {
  const current = periodOf(now);
  const from = q.from ?? `${current.slice(0, 4)}-01`;
  const to = q.to ?? current;
  if (from > to) throw new ApiError(400, 'INVALID_PERIOD', `from ${from} is after to ${to}`, [{ path: 'querystring.from', message: 'must not be after to' }]);
  if (to > current) throw new ApiError(400, 'PERIOD_IN_FUTURE', `${to} has not begun yet (China time)`, [{ path: 'querystring.to', message: 'must be the current month or earlier' }]);
  if (monthsBetween(from, to).length > MAX_MONTHS) throw new ApiError(400, 'PERIOD_TOO_LONG', `at most ${MAX_MONTHS} months at a time`, [{ path: 'querystring.from', message: `at most ${MAX_MONTHS} months before to` }]);
  if (scope.kind === 'enterprise' && q.enterpriseId && q.enterpriseId !== scope.enterpriseId) {
    throw new ApiError(403, 'FORBIDDEN', "an enterprise key sees only its own figures", [{ path: 'querystring.enterpriseId', message: "not the caller's enterprise" }]);
  }
  const filters: StatsFilters = {
    mode: q.mode, direction: q.direction, corridor: q.corridor, partnerCountry: q.partnerCountry,
    enterpriseId: scope.kind === 'enterprise' ? scope.enterpriseId : q.enterpriseId,
  };
  const period = { from, to, start: new Date(periodWindow(from).start).toISOString(), end: new Date(periodWindow(to).end).toISOString(), timezone: STATISTICS_TIMEZONE };
  return { from, to, filters, period };
}

const filtersOut = (f: StatsFilters) => ({
  mode: f.mode ?? null, direction: f.direction ?? null, corridor: f.corridor ?? null, partnerCountry: f.partnerCountry ?? null, enterpriseId: f.enterpriseId ?? null,
});
const sourcesOut = (s: Source[]) => s.map((x) => ({ period: x.period, source: x.source, refreshedAt: x.source === 'rollup' ? x.refreshedAt : null }));

/** The drill-down link of one figure: the request's months and filters plus the row's key. */
function drilldownLink(from: string, to: string, f: StatsFilters, key: StatsKey): string {
  const q = new URLSearchParams();
  const month = key.month;
  q.set('from', month ?? from);
  q.set('to', month ?? to);
  const merged: Record<string, string | undefined> = {
    mode: key.mode ?? f.mode,
    direction: key.direction ?? f.direction,
    corridor: 'corridor' in key ? (key.corridor ?? FILTER_NONE) : f.corridor,
    partnerCountry: 'partnerCountry' in key ? (key.partnerCountry ?? FILTER_NONE) : f.partnerCountry,
    enterpriseId: key.enterprise ?? f.enterpriseId,
  };
  for (const [k, v] of Object.entries(merged)) if (v) q.set(k, v);
  return `/v1/statistics/drilldown?${q.toString()}`;
}

/**
 * Statistics monitoring (统计监测): trade figures by mode, month, corridor, partner country,
 * enterprise and direction; the declarations behind each figure; progress against the plan's
 * targets; the monthly reports and their manual run (ops).
 */
export const statisticsRoutes =
  (deps: { db: Db; temporal: Client; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

    app.get('/v1/statistics/trade', {
      schema: {
        tags: ['statistics'],
        operationId: 'tradeStatistics',
        summary: 'Trade value (CNY) and shipment counts, grouped by up to two of month, mode, direction, corridor, partner country, enterprise',
        querystring: TradeQuery,
        response: { 200: TradeStatistics, ...errors },
      },
    }, async (req) => {
      const scope = await who(deps.db, deps.config, req);
      const now = Date.now();
      const { from, to, filters, period } = resolve(scope, req.query, now);
      const groupBy = (req.query.groupBy?.split(',') ?? []) as Dimension[];
      if (new Set(groupBy).size !== groupBy.length) throw new ApiError(400, 'VALIDATION_FAILED', 'a dimension appears twice in groupBy', [{ path: 'querystring.groupBy', message: 'repeated dimension' }]);
      const stats = await tradeStatistics(deps.db, { from, to, groupBy, filters }, now);
      const rows = stats.rows.slice(0, req.query.limit);
      const names = groupBy.includes('enterprise') ? await enterpriseNames(deps.db, rows.map((r) => r.key.enterprise!)) : undefined;
      return {
        scope,
        period,
        filters: filtersOut(filters),
        groupBy,
        basis: { ...BASIS },
        sources: sourcesOut(stats.sources),
        totals: stats.totals,
        rows: rows.map((r) => ({
          key: r.key,
          ...(names ? { enterpriseName: names.get(r.key.enterprise!) ?? null } : {}),
          shipments: r.shipments,
          valueCny: r.valueCny,
          valuePendingShipments: r.valuePendingShipments,
          drilldown: drilldownLink(from, to, filters, r.key),
        })),
        truncated: stats.rows.length > rows.length,
      };
    });

    app.get('/v1/statistics/drilldown', {
      schema: {
        tags: ['statistics'],
        operationId: 'statisticsDrilldown',
        summary: 'The shipments (with inventory and declaration numbers) behind one figure, newest first, paginated',
        querystring: DrilldownQuery,
        response: { 200: Drilldown, ...errors },
      },
    }, async (req) => {
      const scope = await who(deps.db, deps.config, req);
      const now = Date.now();
      const { from, to, filters, period } = resolve(scope, req.query, now);
      let result;
      try {
        result = await drilldown(deps.db, { from, to, filters, cursor: req.query.cursor, limit: req.query.limit }, now);
      } catch (err) {
        if (err instanceof InvalidCursor) throw new ApiError(400, 'INVALID_CURSOR', err.message, [{ path: 'querystring.cursor', message: err.message }]);
        throw err;
      }
      return {
        scope, period, filters: filtersOut(filters), basis: { ...BASIS }, sources: sourcesOut(result.sources), figure: result.figure, items: result.items, nextCursor: result.nextCursor,
      };
    });

    app.get('/v1/statistics/targets', {
      schema: {
        tags: ['statistics'],
        operationId: 'statisticsTargets',
        summary: "The zone's year against the plan's targets (annual trade value, enterprises); ops key",
        querystring: TargetsQuery,
        response: { 200: Targets, ...errors },
      },
    }, async (req) => {
      const scope = await who(deps.db, deps.config, req);
      requireZone(scope);
      const now = Date.now();
      const year = req.query.year ?? Number(periodOf(now).slice(0, 4));
      if (`${year}-01` > periodOf(now)) throw new ApiError(400, 'PERIOD_IN_FUTURE', `${year} has not begun yet (China time)`, [{ path: 'querystring.year', message: 'must be the current year or earlier' }]);
      const p = await planProgress(deps.db, year, now);
      const { milestone, note } = p.milestone;
      return {
        scope,
        year,
        period: { from: p.from, to: p.through, start: new Date(periodWindow(p.from).start).toISOString(), end: new Date(periodWindow(p.through).end).toISOString(), timezone: STATISTICS_TIMEZONE },
        plan: { ...PLAN_REFERENCE, milestoneYear: milestone.year, note },
        figures: p.figures,
        targets: [
          {
            metric: 'annualTradeValueCny' as const,
            planText: milestone.tradeText,
            target: milestone.annualTradeValueCny,
            actual: p.figures.tradeValueCny,
            progress: ratio(toFen(p.figures.tradeValueCny), toFen(milestone.annualTradeValueCny)),
            basis: `import + export value of the year's counted shipments (${BASIS.valueCny}); ${BASIS.coverage}`,
          },
          {
            metric: 'enterprises' as const,
            planText: milestone.enterprisesText,
            target: String(milestone.enterprises),
            actual: String(p.figures.activeEnterprises),
            progress: ratio(BigInt(p.figures.activeEnterprises), BigInt(milestone.enterprises)),
            basis: `active enterprises: at least one counted shipment in the year (registered and approved in the registry: ${p.figures.registeredEnterprises}, the plan's cumulative 累计 count is closer to that)`,
          },
        ],
        yearElapsed: yearElapsed(year, now),
        basis: { ...BASIS },
        sources: sourcesOut(p.sources),
      };
    });

    app.get('/v1/statistics/reports/:period', {
      schema: {
        tags: ['statistics'],
        operationId: 'statisticsReport',
        summary: 'The monthly statistics report of a closed month (JSON, or CSV with ?format=csv); ops key',
        params: ReportParams,
        querystring: ReportQuery,
        response: { 200: MonthlyReport, ...errors, 404: ErrorBody },
      },
    }, async (req, reply) => {
      requireZone(await who(deps.db, deps.config, req));
      const names = reportFileNames(req.params.period);
      const file = path.join(path.resolve(deps.config.REPORTS_DIR), req.query.format === 'csv' ? names.csv : names.json);
      let content: string;
      try {
        content = await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        throw new ApiError(404, 'REPORT_NOT_FOUND', `no report for ${req.params.period} yet: the monthly-statistics schedule writes it on the 1st of the next month, or run it with POST /v1/ops/statistics/reports`);
      }
      if (req.query.format === 'csv') {
        // a Buffer is sent as is, past the JSON response schema (typed for the JSON form)
        const csv = Buffer.from(content, 'utf8') as never;
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${names.csv}"`).send(csv);
      }
      return JSON.parse(content) as z.infer<typeof MonthlyReport>;
    });

    app.post('/v1/ops/statistics/reports', {
      schema: {
        tags: ['ops'],
        operationId: 'runStatisticsReport',
        summary: 'Refresh the statistics rollup and write the monthly report of a closed month now',
        body: ReportRunBody,
        response: { 202: ReportRunAccepted, ...errors, 503: ErrorBody },
      },
    }, async (req, reply) => {
      const ops = await checkOps({ db: deps.db, breakGlassKey: deps.config.OPS_API_KEY }, req, 'OPERATOR');
      const { period } = req.body;
      if (period >= periodOf(Date.now())) {
        throw new ApiError(400, 'PERIOD_NOT_CLOSED', `${period} is not a closed month yet (China time): its figures are live under /v1/statistics/trade`, [{ path: 'body.period', message: 'must be a month before the current one' }]);
      }
      let started;
      try {
        started = await startMonthlyStatistics(deps.temporal, deps.config, period);
      } catch (err) {
        req.log.error({ err }, 'monthly statistics could not be started');
        throw new ApiError(503, 'TEMPORAL_UNAVAILABLE', 'the workflow service is unavailable; nothing was started, retry later');
      }
      await appendAudit(deps.db, { actor: ops.actor, action: 'statistics.report_requested', subjectType: 'period', subjectId: period, detail: { workflowId: started.workflowId, runId: started.runId } });
      return reply.code(202).send({ period, ...started, report: `/v1/statistics/reports/${period}` });
    });
  };
