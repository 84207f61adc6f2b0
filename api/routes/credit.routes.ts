import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { creditOf, recordCreditEvent } from '../../db/credit.js';
import { decodeCursor, encodeCursor, InvalidCursor } from '../../db/cursor.js';
import { backtestRisk } from '../../db/risk.js';
import { fieldCipher } from '../../codec/field-cipher.js';
import { CREDIT_MODELS } from '../../domain/credit/rules.js';
import { RISK_RULES } from '../../domain/risk/rules.js';
import { chinaDayStart } from '../../domain/time.js';
import { reviewRisk } from '../../workflows/contract.js';
import { authenticate } from '../auth.js';
import { ApiError } from '../errors.js';
import { ErrorBody, IgnoredOperator, StateBody } from '../schemas.js';
import { opsActor, requireOpsRole } from '../ops-auth.js';
import { appendAudit } from '../../db/audit.js';
import { runUpdate, stateOf } from '../shipment-actions.js';

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
  .object({ id: z.string(), shipmentId: z.string(), enterpriseId: z.string(), ruleId: z.string(), ruleVersion: z.number(), severity: z.string(), explanation: z.string(), detail: z.string().nullable().describe('For ops only: the figures and shipment ids behind the hit, which may be other enterprises\''), status: z.string(), at: z.string(), reviewedBy: z.string().nullable() })
  .meta({ id: 'RiskHit' });
const ReviewBody = z.object({ decision: z.enum(['RELEASE', 'REJECT']), note: z.string().trim().min(1).max(1000), operator: IgnoredOperator }).strict().meta({ id: 'RiskReview' });
const ShipmentParams = z.object({ shipmentId: z.string().min(1).max(200) });
const NegativeListQuery = z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();
const NegativeListPage = z
  .object({
    items: z.array(z.object({ enterpriseId: z.string(), enterpriseName: z.string().nullable(), reason: z.string(), listedAt: z.string(), listedBy: z.string() })),
    nextCursor: z.string().nullable().meta({ description: 'The next (older) page: pass it as cursor; null on the last page' }),
  })
  .meta({ id: 'NegativeListPage' });

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
    const auth = { db: deps.db, breakGlassKey: deps.config.OPS_API_KEY };
    const viewer = requireOpsRole(auth, 'VIEWER');
    const operator = requireOpsRole(auth, 'OPERATOR');
    app.get('/v1/credit/me', {
      schema: { tags: ['credit'], operationId: 'getOwnCredit', summary: "The caller's credit score, level and the contributions behind them", response: { 200: CreditScoreBody, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      return creditOf(deps.db, caller.enterpriseId);
    });

    app.get('/v1/credit/enterprises/:enterpriseId', {
      preValidation: viewer,
      schema: { tags: ['credit'], operationId: 'getCredit', summary: "An enterprise's credit score (ops)", params: EnterpriseParams, response: { 200: CreditScoreBody, ...errors } },
    }, async (req) => {
      if (!(await deps.db.enterprise.findUnique({ where: { id: req.params.enterpriseId } }))) throw new ApiError(404, 'ENTERPRISE_NOT_FOUND', 'no such enterprise');
      return creditOf(deps.db, req.params.enterpriseId);
    });

    app.get('/v1/credit/supervision', {
      preValidation: viewer,
      schema: {
        tags: ['credit'], operationId: 'creditSupervision', summary: 'Every enterprise by score, lowest first (ops)',
        response: { 200: z.object({ items: z.array(CreditScoreBody) }), ...errors },
      },
    }, async () => {
      const enterprises = await deps.db.enterprise.findMany({ select: { id: true }, take: 1000, orderBy: { id: 'asc' } });
      const scores = await Promise.all(enterprises.map((e) => creditOf(deps.db, e.id)));
      return { items: scores.sort((a, b) => a.score - b.score) };
    });

    app.get('/v1/credit/negative-list', {
      preValidation: viewer,
      schema: {
        tags: ['credit'], operationId: 'listNegativeList', summary: 'The enterprises on the negative list now, newest listing first, with reason and who listed them (ops)',
        querystring: NegativeListQuery, response: { 200: NegativeListPage, ...errors },
      },
    }, async (req) => {
      let after;
      try {
        after = req.query.cursor ? decodeCursor(req.query.cursor) : undefined;
      } catch (err) {
        if (err instanceof InvalidCursor) throw new ApiError(400, 'INVALID_CURSOR', err.message, [{ path: 'querystring.cursor', message: err.message }]);
        throw err;
      }
      const rows = await deps.db.negativeListEntry.findMany({
        where: { liftedAt: null, ...(after ? { OR: [{ listedAt: { lt: after.c } }, { listedAt: after.c, enterpriseId: { lt: after.i } }] } : {}) },
        orderBy: [{ listedAt: 'desc' }, { enterpriseId: 'desc' }],
        take: req.query.limit + 1,
      });
      const page = rows.slice(0, req.query.limit);
      const names = new Map((await deps.db.enterprise.findMany({ where: { id: { in: page.map((r) => r.enterpriseId) } }, select: { id: true, name: true } })).map((e) => [e.id, e.name]));
      const last = page[page.length - 1];
      return {
        items: page.map((r) => ({ enterpriseId: r.enterpriseId, enterpriseName: names.get(r.enterpriseId) ?? null, reason: r.reason, listedAt: r.listedAt.toISOString(), listedBy: r.listedBy })),
        nextCursor: rows.length > req.query.limit && last ? encodeCursor(last.listedAt, last.enterpriseId) : null,
      };
    });

    app.post('/v1/credit/negative-list', {
      preValidation: operator,
      schema: { tags: ['credit'], operationId: 'addToNegativeList', summary: 'Put an enterprise on the negative list (ops); its new shipments are refused', body: NegativeListBody, response: { 200: CreditScoreBody, ...errors } },
    }, async (req) => {
      const { enterpriseId, reason } = req.body;
      if (!(await deps.db.enterprise.findUnique({ where: { id: enterpriseId } }))) {
        throw new ApiError(404, 'ENTERPRISE_NOT_FOUND', 'no such enterprise', [{ path: 'body.enterpriseId', message: 'unknown enterprise' }]);
      }
      const actor = opsActor(req).actor;
      // the reason is free text: kept on the listing, not in the audit trail
      await deps.db.$transaction(async (tx) => {
        await tx.negativeListEntry.upsert({
          where: { enterpriseId },
          create: { enterpriseId, reason, listedBy: actor },
          update: { reason, listedBy: actor, listedAt: new Date(), liftedAt: null, liftedBy: null },
        });
        await appendAudit(tx, { actor, action: 'enterprise.negative_listed', subjectType: 'enterprise', subjectId: enterpriseId, detail: {} });
      });
      return creditOf(deps.db, enterpriseId);
    });

    app.delete('/v1/credit/negative-list/:enterpriseId', {
      preValidation: operator,
      schema: { tags: ['credit'], operationId: 'liftNegativeListing', summary: 'Lift a negative listing (credit repair, ops)', params: EnterpriseParams, response: { 200: CreditScoreBody, ...errors } },
    }, async (req) => {
      const row = await deps.db.negativeListEntry.findUnique({ where: { enterpriseId: req.params.enterpriseId } });
      if (!row || row.liftedAt) throw new ApiError(404, 'NOT_LISTED', 'the enterprise is not on the negative list');
      const actor = opsActor(req).actor;
      await deps.db.$transaction(async (tx) => {
        await tx.negativeListEntry.update({ where: { enterpriseId: row.enterpriseId }, data: { liftedAt: new Date(), liftedBy: actor } });
        await appendAudit(tx, { actor, action: 'enterprise.negative_list_lifted', subjectType: 'enterprise', subjectId: row.enterpriseId, detail: {} });
      });
      return creditOf(deps.db, row.enterpriseId);
    });

    // the thresholds tell an enterprise how far it can go before a rule fires: ops only
    app.get('/v1/credit/models', {
      preValidation: viewer,
      schema: { tags: ['credit'], operationId: 'creditModels', summary: 'The versioned credit models and risk rules (ops)', response: { 200: z.object({ credit: z.array(z.unknown()), risk: z.array(z.unknown()) }), ...errors } },
    }, async () => ({
      credit: CREDIT_MODELS.map((m) => ({ ...m, levels: m.levels.map((l) => ({ level: l.level, minScore: Number.isFinite(l.minScore) ? l.minScore : null })) })),
      risk: RISK_RULES.map((r) => ({ id: r.id, version: r.version, severity: r.severity, description: r.description })),
    }));

    app.post('/v1/risk/backtest', {
      preValidation: viewer,
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
      preValidation: viewer,
      schema: {
        tags: ['risk'], operationId: 'listRiskHits', summary: 'Risk hits, newest first (ops)',
        querystring: z.object({
          status: z.enum(['OPEN', 'HELD', 'RELEASED', 'CONFIRMED']).optional(),
          enterpriseId: z.string().max(100).optional(),
          ruleIds: z.string().regex(/^[A-Z0-9_]{1,60}(,[A-Z0-9_]{1,60}){0,19}$/, 'rule ids separated by commas').optional().meta({ description: 'Only hits of these rules, e.g. FX_NOT_MATCHING_DECLARATION,TAX_NOT_MATCHING_ORDER (the reconciliation alerts)' }),
          before: z.string().regex(/^\d{1,18}$/, 'a hit id').optional().meta({ description: 'Page on: the nextBefore of the previous page' }),
          limit: z.coerce.number().int().min(1).max(200).default(200),
        }).strict(),
        response: { 200: z.object({ items: z.array(RiskHitBody), nextBefore: z.string().nullable().meta({ description: 'The next (older) page: pass it as before; null on the last page' }) }), ...errors },
      },
    }, async (req) => {
      const q = req.query;
      const rows = await deps.db.riskHit.findMany({
        where: {
          ...(q.status ? { status: q.status } : {}),
          ...(q.enterpriseId ? { enterpriseId: q.enterpriseId } : {}),
          ...(q.ruleIds ? { ruleId: { in: q.ruleIds.split(',') } } : {}),
          ...(q.before ? { id: { lt: BigInt(q.before) } } : {}),
        },
        orderBy: { id: 'desc' },
        take: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      return { items: page.map((h) => ({ ...h, id: String(h.id), at: h.at.toISOString() })), nextBefore: rows.length > q.limit ? String(page[page.length - 1]!.id) : null };
    });

    app.post('/v1/risk/shipments/:shipmentId/review', {
      preValidation: operator,
      schema: {
        tags: ['risk'], operationId: 'reviewRisk', summary: 'Release or reject a shipment held by a risk rule (ops)',
        params: ShipmentParams, body: ReviewBody, response: { 200: StateBody, ...errors, 503: ErrorBody },
      },
    }, async (req) => {
      const shipment = await deps.db.shipment.findUnique({ where: { id: req.params.shipmentId }, select: { id: true, enterpriseId: true } });
      if (!shipment) throw new ApiError(404, 'SHIPMENT_NOT_FOUND', 'no such shipment');
      const ops = opsActor(req);
      // the acting person comes from the credential; a body `operator` is ignored
      const review = { decision: req.body.decision, note: req.body.note, operator: ops.name };
      const state = await runUpdate((updateId) => deps.temporal.workflow.getHandle(shipment.id).executeUpdate(reviewRisk, { args: [review], updateId }));
      const status = req.body.decision === 'REJECT' ? 'CONFIRMED' : 'RELEASED';
      await deps.db.$transaction(async (tx) => {
        await tx.riskHit.updateMany({ where: { shipmentId: shipment.id, status: { in: ['HELD', 'OPEN'] } }, data: { status, reviewedBy: ops.name, reviewedAt: new Date() } });
        // the note is free text: in the workflow (encrypted) and the credit event, not in the audit trail
        await appendAudit(tx, { actor: ops.actor, action: 'shipment.risk_reviewed', subjectType: 'shipment', subjectId: shipment.id, detail: { decision: req.body.decision, revision: state.revision } });
      });
      if (req.body.decision === 'REJECT') {
        await recordCreditEvent(deps.db, { eventKey: `${shipment.id}:risk-confirmed`, enterpriseId: shipment.enterpriseId, kind: 'RISK_CONFIRMED', shipmentId: shipment.id, detail: { note: req.body.note } });
      }
      return stateOf(state);
    });
  };
