import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config/config.js';
import { Prisma, type Db } from '../../db/client.js';
import { consentDecision, PLEDGE_FACTS } from '../../db/finance-loans.js';
import { pledgeLinesOf } from '../../db/stock.js';
import { BONDED_SYSTEM, OVERSEAS_SYSTEM } from '../../domain/counterparts.js';
import { toMinor } from '../../domain/finance/money.js';
import { SearchAttr } from '../../workflows/contract.js';
import { LoanStatus } from '../../workflows/finance/contract.js';
import { pledgeWorkflowId, repayPledge } from '../../workflows/finance/pledge-contract.js';
import type { stockPledgeWorkflow } from '../../workflows/finance/pledge.workflow.js';
import { authenticate, requireInGoodStanding } from '../auth.js';
import { ApiError } from '../errors.js';
import { startOrUndo } from '../start-or-undo.js';
import { Pledge, PledgeCreate, PledgeRepayment, PledgeRepaymentCreate } from '../pledge.schemas.js';
import { ErrorBody, IdParams } from '../schemas.js';
import { LENDERS, loanView } from './finance.routes.js';
import { sendUpdate } from '../shipment-actions.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 503: ErrorBody };
const SYSTEM_OF = { OVERSEAS: OVERSEAS_SYSTEM, BONDED: BONDED_SYSTEM } as const;
/** The pledge's stock location, kept in FinanceLoan.shipmentId (the loan's subject). */
const stockSubject = (system: string, warehouseCode: string) => `stock:${system}:${warehouseCode}`;

/**
 * Stock pledges (仓单质押, issue 20): pledge units of 9810 overseas or (where customs permits) 1210
 * bonded stock to a lender, follow the pledge, repay it. A pledge is a loan (GET /v1/loans/{id},
 * POST /v1/loans/{id}/accept); its units are locked in the stock ledger until released.
 */
export const pledgeRoutes =
  (deps: { db: Db; temporal: Client; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/pledges', {
      schema: { tags: ['finance'], operationId: 'createPledge', summary: 'Pledge stock to a lender (仓单质押): the units are locked until released', body: PledgeCreate, response: { 200: Pledge, 202: Pledge, ...errors } },
    }, async (req, reply) => {
      const caller = await authenticate(deps.db, req);
      await requireInGoodStanding(deps.db, caller);
      const body = req.body;
      if (!LENDERS.has(body.lender)) throw new ApiError(422, 'UNKNOWN_LENDER', `no lender ${body.lender}; lenders: ${[...LENDERS].join(', ')}`, [{ path: 'body.lender', message: 'not a lender of the platform' }]);
      if (body.custody === 'BONDED' && !deps.config.BONDED_PLEDGE_PERMITTED) {
        throw new ApiError(422, 'BONDED_PLEDGE_NOT_PERMITTED', 'customs in this zone does not permit pledging bonded stock (setting BONDED_PLEDGE_PERMITTED)', [{ path: 'body.custody', message: 'bonded pledges are not permitted here' }]);
      }
      const system = SYSTEM_OF[body.custody];
      const id = pledgeWorkflowId(caller.enterpriseId, body.pledgeNo);
      const existing = await deps.db.financeLoan.findUnique({ where: { id } });
      if (!existing) await checkFreeStock(deps.db, caller.enterpriseId, system, body.warehouseCode, body.lines);
      const consent = await consentDecision(deps.db, { enterpriseId: caller.enterpriseId, lender: body.lender, facts: PLEDGE_FACTS, subject: { type: 'STOCK', id, enterpriseId: caller.enterpriseId, mode: body.custody === 'BONDED' ? '1210' : '9810' } });
      if (!consent.allowed) {
        throw new ApiError(403, 'CONSENT_REQUIRED', `no active consent lets ${body.lender} see the pledged stock (${consent.reason}); nothing was disclosed`, [{ path: 'body.lender', message: consent.reason }]);
      }
      const requested = toMinor(body.requestedAmount, 'CNY');
      let created = false;
      try {
        await deps.db.financeLoan.create({ data: { id, enterpriseId: caller.enterpriseId, product: 'STOCK_PLEDGE', shipmentId: stockSubject(system, body.warehouseCode), lender: body.lender, status: LoanStatus.APPLIED, currency: 'CNY', requested: BigInt(requested) } });
        created = true;
      } catch (err) {
        if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
      }
      if (!created) {
        const row = await deps.db.financeLoan.findUniqueOrThrow({ where: { id } });
        if (row.lender !== body.lender || Number(row.requested) !== requested || row.shipmentId !== stockSubject(system, body.warehouseCode)) {
          throw new ApiError(409, 'PLEDGE_EXISTS', `pledge ${body.pledgeNo} exists already with other terms`, [{ path: 'body.pledgeNo', message: 'already used' }]);
        }
      }
      await startOrUndo(() => deps.temporal.workflow.start<typeof stockPledgeWorkflow>('stockPledgeWorkflow', {
        workflowId: id,
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        args: [{
          loanId: id, enterpriseId: caller.enterpriseId, enterprise: { code: caller.customsCode, name: caller.enterpriseName }, custody: body.custody, system, warehouseCode: body.warehouseCode,
          lines: body.lines.map((l) => ({ sku: l.sku, qty: l.qty, unitValue: toMinor(l.unitValue, 'CNY') })), customsPermitsBondedPledge: deps.config.BONDED_PLEDGE_PERMITTED,
          lender: body.lender, requested, beneficiary: body.beneficiary, timeScale: deps.config.TIME_SCALE,
        }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: [{ key: SearchAttr.EnterpriseId, value: caller.enterpriseId }, { key: SearchAttr.LoanStatus, value: LoanStatus.APPLIED }],
        staticSummary: `Stock pledge ${body.pledgeNo} at ${body.warehouseCode} to ${body.lender}`,
        staticDetails: `Enterprise **${caller.enterpriseName}**; ${body.lines.map((l) => `${l.sku} ×${l.qty}`).join(', ')} (${body.custody}); CNY ${body.requestedAmount} requested.`,
      }), created ? () => deps.db.financeLoan.delete({ where: { id } }) : undefined);
      return reply.code(created ? 202 : 200).header('location', `/v1/pledges/${encodeURIComponent(id)}`).send(await pledgeView(deps.db, id, caller.enterpriseId));
    });

    app.get('/v1/pledges/:id', {
      schema: { tags: ['finance'], operationId: 'getPledge', summary: 'One stock pledge: its units (locked, released, reported sold) and its loan', params: IdParams, response: { 200: Pledge, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      return pledgeView(deps.db, req.params.id, caller.enterpriseId);
    });

    app.post('/v1/pledges/:id/repayments', {
      schema: { tags: ['finance'], operationId: 'repayPledge', summary: "Repay a pledge's loan from the enterprise's account: units are released pro rata once the lender confirms", params: IdParams, body: PledgeRepaymentCreate, response: { 202: PledgeRepayment, ...errors } },
    }, async (req, reply) => {
      const caller = await authenticate(deps.db, req);
      await pledgeView(deps.db, req.params.id, caller.enterpriseId); // 404 for another enterprise's
      let instructionId: string;
      try {
        ({ instructionId } = await sendUpdate((updateId) => deps.temporal.workflow.getHandle(req.params.id).executeUpdate(repayPledge, { args: [{ amount: toMinor(req.body.amount, 'CNY'), actor: `enterprise:${caller.enterpriseId}` }], updateId })));
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) {
          const cause = err.cause;
          throw new ApiError(409, cause instanceof ApplicationFailure && cause.type ? cause.type : 'UPDATE_REJECTED', cause?.message ?? 'the pledge refused the repayment', [{ path: 'params.id', message: 'nothing to repay' }]);
        }
        if (err instanceof WorkflowNotFoundError) throw new ApiError(409, 'PLEDGE_NOT_REPAYABLE', 'the pledge has ended', [{ path: 'params.id', message: 'pledge ended' }]);
        throw err;
      }
      return reply.code(202).send({ instructionId, pledge: await pledgeView(deps.db, req.params.id, caller.enterpriseId) });
    });
  };

/** Refuses a pledge of units that are not free now (409 STOCK_PLEDGED when pledged elsewhere, 422 INSUFFICIENT_STOCK), before anything is written. */
async function checkFreeStock(db: Db, enterpriseId: string, system: string, warehouseCode: string, lines: readonly { sku: string; qty: number }[]): Promise<void> {
  const balances = await db.stockBalance.findMany({ where: { enterpriseId, system, warehouseCode, sku: { in: lines.map((l) => l.sku) } } });
  lines.forEach((l, i) => {
    const b = balances.find((x) => x.sku === l.sku);
    const present = b ? b.onHand.minus(b.reserved) : new Prisma.Decimal(0);
    const free = b ? present.minus(b.pledged) : present;
    if (free.greaterThanOrEqualTo(l.qty)) return;
    if (present.greaterThanOrEqualTo(l.qty)) throw new ApiError(409, 'STOCK_PLEDGED', `${l.sku}: ${free.toString()} free in ${warehouseCode}, ${b!.pledged.toString()} pledged already`, [{ path: `body.lines.${i}.qty`, message: `at most ${free.toString()} free` }]);
    throw new ApiError(422, 'INSUFFICIENT_STOCK', `${l.sku}: ${free.toString()} free in ${warehouseCode}, ${l.qty} to pledge`, [{ path: `body.lines.${i}.qty`, message: `at most ${free.toString()} free` }]);
  });
}

async function pledgeView(db: Db, id: string, enterpriseId: string) {
  const loan = await loanView(db, id, enterpriseId);
  if (loan.product !== 'STOCK_PLEDGE') throw new ApiError(404, 'PLEDGE_NOT_FOUND', 'no such pledge of yours', [{ path: 'params.id', message: 'not found' }]);
  const [, system = '', warehouseCode = ''] = loan.shipmentId.split(':');
  return {
    id, custody: system === BONDED_SYSTEM ? 'BONDED' : 'OVERSEAS', system, warehouseCode, status: loan.status,
    lines: (await pledgeLinesOf(db, id)).map((l) => ({ sku: l.sku, pledged: l.pledged, locked: l.locked, released: l.released, breached: l.breached })),
    loan,
  };
}
