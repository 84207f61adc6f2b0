import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { InvalidCursor } from '../../db/cursor.js';
import { drilldown, enterpriseNames, planProgress, tradeStatistics } from '../../db/statistics/index.js';
import { BASIS, PLAN_REFERENCE, periodOf, periodWindow, ratio, reportFileNames, STATISTICS_TIMEZONE, toFen, yearElapsed, type Dimension } from '../../domain/statistics.js';
import { startMonthlyStatistics } from '../../worker/statistics-schedule.js';
import { checkOps } from '../ops-auth.js';
import { appendAudit } from '../../db/audit.js';
import { ApiError } from '../errors.js';
import { ErrorBody } from '../schemas.js';
import { drilldownLink, filtersOut, requireZone, resolve, sourcesOut, who } from '../statistics.scope.js';
import {
  Drilldown,
  DrilldownQuery,
  MonthlyReport,
  ReportParams,
  ReportQuery,
  ReportRunAccepted,
  ReportRunBody,
  Targets,
  TargetsQuery,
  TradeQuery,
  TradeStatistics,
} from '../statistics.schemas.js';

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
