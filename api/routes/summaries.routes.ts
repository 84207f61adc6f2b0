import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { listSummaries } from '../../db/summaries.js';
import { isFuturePeriod, summaryDeadline } from '../../domain/summary.js';
import { startMonthlySummary } from '../../worker/summary-schedule.js';
import { ApiError } from '../errors.js';
import { ErrorBody } from '../schemas.js';
import { opsActor, requireOpsRole } from '../ops-auth.js';
import { appendAudit } from '../../db/audit.js';

const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM').meta({ description: 'Calendar month (China time) of the released lists, YYYY-MM', example: '2026-10' });

const SummaryRunBody = z.object({ period: Period }).strict().meta({ id: 'SummaryRunRequest' });
const SummaryRunAccepted = z
  .object({ period: z.string(), workflowId: z.string(), runId: z.string() })
  .meta({ id: 'SummaryRunAccepted', description: 'The monthly summary run (Temporal workflow) that declares the month' });
const SummaryQuery = z
  .object({ period: Period.optional(), enterpriseId: z.string().min(1).max(100).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) })
  .strict();
const CustomsSummary = z
  .object({
    copNo: z.string(),
    enterpriseId: z.string(),
    period: z.string(),
    status: z.string().meta({ description: 'CREATED, SUBMITTED, ACCEPTED, AWAITING_RESULTS, DECLARED; alerts: SUMMARY_REJECTED, DEADLINE_MISSED' }),
    sumNo: z.string().nullable(),
    invtNos: z.array(z.string()),
    entryIds: z.array(z.string()).meta({ description: 'Customs declaration numbers (报关单号) from the CEB792 results' }),
    workflowId: z.string(),
    lastInfo: z.string().nullable(),
    deadline: z.string().meta({ description: "The period's filing deadline: the end of day SUMMARY_DEADLINE_DAY (China time) of the following month, ISO 8601" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CustomsSummary' });
const CustomsSummaryList = z.object({ items: z.array(CustomsSummary) }).meta({ id: 'CustomsSummaryList' });

/**
 * The 9610 monthly summary declaration for platform ops (ops key): run a month by hand (a past
 * month the schedule missed, or the current month so far) and list the summary applications.
 */
export const summaryOpsRoutes =
  (deps: { db: Db; temporal: Client; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    const auth = { db: deps.db, breakGlassKey: deps.config.OPS_API_KEY };

    app.post('/v1/ops/summaries', {
      preValidation: requireOpsRole(auth, 'OPERATOR'),
      schema: {
        tags: ['ops'],
        operationId: 'runMonthlySummary',
        summary: 'Run the 9610 monthly summary declaration (汇总申报) of a month now',
        body: SummaryRunBody,
        response: { 202: SummaryRunAccepted, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 503: ErrorBody },
      },
    }, async (req, reply) => {
      const { period } = req.body;
      if (isFuturePeriod(period, Date.now())) {
        throw new ApiError(400, 'PERIOD_IN_FUTURE', `${period} has not begun yet (China time)`, [{ path: 'body.period', message: 'must be the current month or earlier' }]);
      }
      let started;
      try {
        started = await startMonthlySummary(deps.temporal, deps.config, period);
      } catch (err) {
        req.log.error({ err }, 'monthly summary could not be started');
        throw new ApiError(503, 'TEMPORAL_UNAVAILABLE', 'the workflow service is unavailable; nothing was started, retry later');
      }
      await appendAudit(deps.db, { actor: opsActor(req).actor, action: 'summary.run_requested', subjectType: 'period', subjectId: period, detail: { workflowId: started.workflowId, runId: started.runId } });
      return reply.code(202).send({ period, ...started });
    });

    app.get('/v1/ops/summaries', {
      preValidation: requireOpsRole(auth, 'VIEWER'),
      schema: {
        tags: ['ops'],
        operationId: 'listSummaries',
        summary: 'List the monthly summary applications (CustomsSummary rows)',
        querystring: SummaryQuery,
        response: { 200: CustomsSummaryList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    }, async (req) => ({
      items: (await listSummaries(deps.db, req.query)).map((s) => ({ ...s, deadline: new Date(summaryDeadline(s.period, deps.config.SUMMARY_DEADLINE_DAY)).toISOString() })),
    }));
  };
