import type { Client } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { creditOf, recordCreditEvent } from '../../db/credit.js';
import { backtestRisk } from '../../db/risk.js';
import { fieldCipher } from '../../codec/field-cipher.js';
import { CREDIT_MODELS } from '../../domain/credit/rules.js';
import { RISK_RULES } from '../../domain/risk/rules.js';
import { chinaDayStart } from '../../domain/time.js';
import { reviewRisk } from '../../workflows/contract.js';
import { authenticate } from '../auth.js';
import { ApiError } from '../errors.js';
import { ErrorBody, StateBody } from '../schemas.js';
import { requireOps } from './ops.routes.js';
import { runUpdate, stateOf } from './shipments.routes.js';

const CreditScoreBody = z
  .object({
    enterpriseId: z.string(),
    asOf: z.string(),
    modelVersion: z.number(),
    score: z.number(),
    level: z.enum(['REGULAR', 'DISHONEST', 'SERIOUSLY_DISHONEST']),
    levelName: z.string(),
    negativeListed: z.boolean(),
    contributions: z.array(z.object({ kind: z.string(), count: z.number(), counted: z.number(), points: z.number(), why: z.string() })),
  })
  .meta({ id: 'CreditScore' });

const EnterpriseParams = z.object({ enterpriseId: z.string().min(1).max(100) });
const NegativeListBody = z.object({ enterpriseId: z.string().min(1).max(100), reason: z.string().trim().min(1).max(500) }).strict().meta({ id: 'NegativeListing' });
const RiskHitBody = z
  .object({ id: z.string(), shipmentId: z.string(), enterpriseId: z.string(), ruleId: z.string(), ruleVersion: z.number(), severity: z.string(), explanation: z.string(), status: z.string(), at: z.string(), reviewedBy: z.string().nullable() })
  .meta({ id: 'RiskHit' });
const ReviewBody = z.object({ decision: z.enum(['RELEASE', 'REJECT']), note: z.string().trim().min(1).max(1000), operator: z.string().trim().min(1).max(100) }).strict().meta({ id: 'RiskReview' });
const ShipmentParams = z.object({ shipmentId: z.string().min(1).max(200) });

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * Credit supervision (一库三系统) and risk control: an enterprise's own score; for ops the
 * supervision view, the negative list, the risk hits and their review (the same decision as the
 * `reviewRisk` update in the Temporal UI), the versioned rules and models.
 */
export const creditRoutes =
  (deps: { db: Db; temporal: Client; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    // the ops key is checked before the body is validated: no key → 401 whatever the body
    const opsOnly = async (req: FastifyRequest) => requireOps(req, deps.config.OPS_API_KEY);
    app.get('/v1/credit/me', {
      schema: { tags: ['credit'], operationId: 'getOwnCredit', summary: "The caller's credit score, level and the contributions behind them", response: { 200: CreditScoreBody, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      return creditOf(deps.db, caller.enterpriseId);
    });

    app.get('/v1/credit/enterprises/:enterpriseId', {
      preValidation: opsOnly,
      schema: { tags: ['credit'], operationId: 'getCredit', summary: "An enterprise's credit score (ops)", params: EnterpriseParams, response: { 200: CreditScoreBody, ...errors } },
    }, async (req) => {
      if (!(await deps.db.enterprise.findUnique({ where: { id: req.params.enterpriseId } }))) throw new ApiError(404, 'ENTERPRISE_NOT_FOUND', 'no such enterprise');
      return creditOf(deps.db, req.params.enterpriseId);
    });

    app.get('/v1/credit/supervision', {
      preValidation: opsOnly,
      schema: {
        tags: ['credit'], operationId: 'creditSupervision', summary: 'Every enterprise by score, lowest first (ops)',
        response: { 200: z.object({ items: z.array(CreditScoreBody) }), ...errors },
      },
    }, async (req) => {
      const enterprises = await deps.db.enterprise.findMany({ select: { id: true }, take: 1000, orderBy: { id: 'asc' } });
      const scores = await Promise.all(enterprises.map((e) => creditOf(deps.db, e.id)));
      return { items: scores.sort((a, b) => a.score - b.score) };
    });

    app.post('/v1/credit/negative-list', {
      preValidation: opsOnly,
      schema: { tags: ['credit'], operationId: 'addToNegativeList', summary: 'Put an enterprise on the negative list (ops); its new shipments are refused', body: NegativeListBody, response: { 200: CreditScoreBody, ...errors } },
    }, async (req) => {
      const { enterpriseId, reason } = req.body;
      if (!(await deps.db.enterprise.findUnique({ where: { id: enterpriseId } }))) {
        throw new ApiError(404, 'ENTERPRISE_NOT_FOUND', 'no such enterprise', [{ path: 'body.enterpriseId', message: 'unknown enterprise' }]);
      }
      await deps.db.negativeListEntry.upsert({
        where: { enterpriseId },
        create: { enterpriseId, reason, listedBy: 'ops' },
        update: { reason, listedBy: 'ops', listedAt: new Date(), liftedAt: null, liftedBy: null },
      });
      return creditOf(deps.db, enterpriseId);
    });

    app.delete('/v1/credit/negative-list/:enterpriseId', {
      preValidation: opsOnly,
      schema: { tags: ['credit'], operationId: 'liftNegativeListing', summary: 'Lift a negative listing (credit repair, ops)', params: EnterpriseParams, response: { 200: CreditScoreBody, ...errors } },
    }, async (req) => {
      const row = await deps.db.negativeListEntry.findUnique({ where: { enterpriseId: req.params.enterpriseId } });
      if (!row || row.liftedAt) throw new ApiError(404, 'NOT_LISTED', 'the enterprise is not on the negative list');
      await deps.db.negativeListEntry.update({ where: { enterpriseId: row.enterpriseId }, data: { liftedAt: new Date(), liftedBy: 'ops' } });
      return creditOf(deps.db, row.enterpriseId);
    });

    app.get('/v1/credit/models', {
      schema: { tags: ['credit'], operationId: 'creditModels', summary: 'The versioned credit models and risk rules', response: { 200: z.object({ credit: z.array(z.unknown()), risk: z.array(z.unknown()) }), ...errors } },
    }, async () => ({
      credit: CREDIT_MODELS.map((m) => ({ ...m, levels: m.levels.map((l) => ({ level: l.level, minScore: Number.isFinite(l.minScore) ? l.minScore : null })) })),
      risk: RISK_RULES.map((r) => ({ id: r.id, version: r.version, severity: r.severity, description: r.description })),
    }));

    app.post('/v1/risk/backtest', {
      preValidation: opsOnly,
      schema: {
        tags: ['risk'], operationId: 'backtestRisk', summary: 'Run the current rules over stored shipments of a period (ops)',
        body: z.object({ from: z.iso.date(), to: z.iso.date(), ruleIds: z.array(z.string().max(40)).max(20).optional() }).strict().refine((b) => b.from < b.to, { message: 'from must be before to', path: ['to'] }),
        response: {
          200: z.object({ shipments: z.number(), rules: z.array(z.object({ ruleId: z.string(), version: z.number(), hits: z.number(), examples: z.array(z.object({ shipmentId: z.string(), explanation: z.string() })) })) }),
          ...errors,
        },
      },
    }, async (req) => {
      const unknown = (req.body.ruleIds ?? []).filter((id) => !RISK_RULES.some((r) => r.id === id));
      if (unknown.length) throw new ApiError(400, 'UNKNOWN_RULE', `unknown rule ${unknown.join(', ')}`, [{ path: 'body.ruleIds', message: `known: ${RISK_RULES.map((r) => r.id).join(', ')}` }]);
      return backtestRisk(deps.db, {
        from: chinaDayStart(req.body.from),
        to: chinaDayStart(req.body.to),
        ...(req.body.ruleIds ? { ruleIds: req.body.ruleIds } : {}),
        key: deps.config.BUYER_ID_HASH_KEY.reveal(),
        cipher: fieldCipher(deps.config),
      });
    });

    app.get('/v1/risk/hits', {
      preValidation: opsOnly,
      schema: {
        tags: ['risk'], operationId: 'listRiskHits', summary: 'Risk hits, newest first (ops)',
        querystring: z.object({ status: z.enum(['OPEN', 'HELD', 'RELEASED', 'CONFIRMED']).optional(), enterpriseId: z.string().max(100).optional() }).strict(),
        response: { 200: z.object({ items: z.array(RiskHitBody) }), ...errors },
      },
    }, async (req) => {
      const rows = await deps.db.riskHit.findMany({
        where: { ...(req.query.status ? { status: req.query.status } : {}), ...(req.query.enterpriseId ? { enterpriseId: req.query.enterpriseId } : {}) },
        orderBy: { id: 'desc' },
        take: 200,
      });
      return { items: rows.map((h) => ({ ...h, id: String(h.id), at: h.at.toISOString() })) };
    });

    app.post('/v1/risk/shipments/:shipmentId/review', {
      preValidation: opsOnly,
      schema: {
        tags: ['risk'], operationId: 'reviewRisk', summary: 'Release or reject a shipment held by a risk rule (ops)',
        params: ShipmentParams, body: ReviewBody, response: { 200: StateBody, ...errors },
      },
    }, async (req) => {
      const shipment = await deps.db.shipment.findUnique({ where: { id: req.params.shipmentId }, select: { id: true, enterpriseId: true } });
      if (!shipment) throw new ApiError(404, 'SHIPMENT_NOT_FOUND', 'no such shipment');
      const state = await runUpdate(() => deps.temporal.workflow.getHandle(shipment.id).executeUpdate(reviewRisk, { args: [req.body] }));
      const status = req.body.decision === 'REJECT' ? 'CONFIRMED' : 'RELEASED';
      await deps.db.riskHit.updateMany({ where: { shipmentId: shipment.id, status: { in: ['HELD', 'OPEN'] } }, data: { status, reviewedBy: req.body.operator, reviewedAt: new Date() } });
      if (req.body.decision === 'REJECT') {
        await recordCreditEvent(deps.db, { eventKey: `${shipment.id}:risk-confirmed`, enterpriseId: shipment.enterpriseId, kind: 'RISK_CONFIRMED', shipmentId: shipment.id, detail: { note: req.body.note } });
      }
      return stateOf(state);
    });
  };
