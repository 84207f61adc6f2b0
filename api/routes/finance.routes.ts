import { createHash } from 'node:crypto';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { SYSTEMS } from '../../adapters/catalogue.js';
import type { Config } from '../../config/config.js';
import { Prisma, type Db } from '../../db/client.js';
import { consentDecision, ledgerEntriesOf, RECEIVABLE_LOAN_FACTS, receivableShipments } from '../../db/finance-loans.js';
import type { FactCategory } from '../../domain/finance/consent.js';
import { advanceLimit, type IneligibleReason } from '../../domain/finance/limits.js';
import { parcelProblem, type ParcelProblem } from '../../domain/finance/pool.js';
import { receivableBasis, type ReceivableShipment } from '../../domain/finance/receivables.js';
import { balances, isBalanced, type LedgerEntry } from '../../domain/finance/ledger.js';
import { formatMinor, toMinor } from '../../domain/finance/money.js';
import { SearchAttr } from '../../workflows/contract.js';
import { acceptOffer, loanWorkflowId, LoanStatus, receivableLoanId, type LoanOffer, type ReceivableProduct, type RepaymentView } from '../../workflows/finance/contract.js';
import type { receivableLoanWorkflow } from '../../workflows/finance/receivable.workflow.js';
import type { refundLoanWorkflow } from '../../workflows/finance/refund.workflow.js';
import { authenticate, requireInGoodStanding } from '../auth.js';
import { ApiError } from '../errors.js';
import { startOrUndo } from '../start-or-undo.js';
import { Loan, LoanCreate, LoanList, LoanListQuery } from '../finance.schemas.js';
import { ErrorBody, IdParams } from '../schemas.js';
import { sendUpdate } from '../shipment-actions.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 503: ErrorBody };
/** The lenders of the platform (adapters/catalogue.ts): a loan or pledge names one of them. */
export const LENDERS: ReadonlySet<string> = new Set(SYSTEMS.filter((s) => s.kind === 'lender').map((s) => s.id));
const money = (minor: number | bigint) => formatMinor(Number(minor), 'CNY');

/**
 * Loans (issue 20): apply for a refund-backed loan on a shipment's filed refund, follow it, accept
 * the lender's offer. Every check is made before anything is written or started, and the
 * enterprise's consent for the lender is checked first: nothing reaches a lender without it.
 */
export const financeRoutes =
  (deps: { db: Db; temporal: Client; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/loans', {
      schema: { tags: ['finance'], operationId: 'createLoan', summary: 'Apply for a loan: refund-backed (退税贷) on a filed export refund, or receivable financing (订单融资) on a 9710 consignment, 9810 sales or a 9610 pool', body: LoanCreate, response: { 200: Loan, 202: Loan, ...errors } },
    }, async (req, reply) => {
      const caller = await authenticate(deps.db, req);
      await requireInGoodStanding(deps.db, caller);
      const body = req.body;
      if (!LENDERS.has(body.lender)) throw new ApiError(422, 'UNKNOWN_LENDER', `no lender ${body.lender}; lenders: ${[...LENDERS].join(', ')}`, [{ path: 'body.lender', message: 'not a lender of the platform' }]);
      const opened = body.product === 'REFUND_BACKED' ? await refundLoan(deps, caller, body) : await receivableLoan(deps, caller, body as typeof body & { product: ReceivableProduct });
      return reply.code(opened.created ? 202 : 200).header('location', `/v1/loans/${encodeURIComponent(opened.id)}`).send(await loanView(deps.db, opened.id, caller.enterpriseId));
    });

    app.get('/v1/loans', {
      schema: { tags: ['finance'], operationId: 'listLoans', summary: "The caller's loans, newest first", querystring: LoanListQuery, response: { 200: LoanList, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      const q = req.query;
      const rows = await deps.db.financeLoan.findMany({
        where: { enterpriseId: caller.enterpriseId, ...(q.status ? { status: q.status } : {}), ...(q.cursor ? { id: { lt: q.cursor } } : {}) },
        orderBy: { id: 'desc' }, take: q.limit + 1, select: { id: true },
      });
      const page = rows.slice(0, q.limit);
      return { items: await Promise.all(page.map((r) => loanView(deps.db, r.id, caller.enterpriseId))), nextCursor: rows.length > q.limit ? page.at(-1)!.id : null };
    });

    app.get('/v1/loans/:id', {
      schema: { tags: ['finance'], operationId: 'getLoan', summary: 'One loan: status, offer, schedule, ledger and repayments', params: IdParams, response: { 200: Loan, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      return loanView(deps.db, req.params.id, caller.enterpriseId);
    });

    app.post('/v1/loans/:id/accept', {
      schema: { tags: ['finance'], operationId: 'acceptLoanOffer', summary: "Accept the lender's offer: answers once the acceptance is recorded (ACCEPTED); the lender then disburses (DISBURSED), retried while it is down", params: IdParams, response: { 200: Loan, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      await loanView(deps.db, req.params.id, caller.enterpriseId); // 404 for another enterprise's loan
      try {
        await sendUpdate((updateId) => deps.temporal.workflow.getHandle(req.params.id).executeUpdate(acceptOffer, { args: [{ actor: `enterprise:${caller.enterpriseId}` }], updateId }));
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) {
          const cause = err.cause;
          throw new ApiError(409, cause instanceof ApplicationFailure && cause.type === 'LOAN_NOT_OFFERED' ? 'LOAN_NOT_OFFERED' : 'UPDATE_REJECTED', cause?.message ?? 'the loan refused the acceptance', [{ path: 'params.id', message: 'no open offer' }]);
        }
        if (err instanceof WorkflowNotFoundError) throw new ApiError(409, 'LOAN_NOT_OFFERED', 'the loan has ended', [{ path: 'params.id', message: 'loan ended' }]);
        throw err;
      }
      return loanView(deps.db, req.params.id, caller.enterpriseId);
    });
  };

/** A loan as the API shows it, with its ledger recomputed from the stored entries (404 for another enterprise's). */
export async function loanView(db: Db, id: string, enterpriseId: string) {
  const row = await db.financeLoan.findFirst({ where: { id, enterpriseId } });
  if (!row) throw new ApiError(404, 'LOAN_NOT_FOUND', 'no such loan of yours', [{ path: 'params.id', message: 'not found' }]);
  const entries = await ledgerEntriesOf(db, id);
  const b = balances({ loanId: id, currency: 'CNY', entries });
  const bucket = (x: (typeof b)['principal']) => ({ charged: money(x.charged), repaid: money(x.repaid), writtenOff: money(x.writtenOff), outstanding: money(x.outstanding) });
  const offer = row.offer as LoanOffer | null;
  return {
    id: row.id, product: row.product, shipmentId: row.shipmentId, shipmentIds: row.shipmentIds.length ? row.shipmentIds : [row.shipmentId],
    financed: row.financedValue === null ? null : { refs: row.financedRefs, value: money(row.financedValue) }, lender: row.lender, status: row.status, reason: row.reason, currency: row.currency,
    requestedAmount: money(row.requested), applicationId: row.applicationId, disbursementId: row.disbursementId,
    offer: offer ? { ...offer, limit: money(offer.limit), fee: money(offer.fee) } : null,
    schedule: { valueDate: row.valueDate, maturityDate: row.maturityDate, dueDate: row.dueDate },
    ledger: { entries: entries.map(entryView), balances: { principal: bucket(b.principal), interest: bucket(b.interest), fees: bucket(b.fees) }, balanced: isBalanced(b) },
    repayments: (row.repayments as unknown as RepaymentView[]).map((r) => ({ ...r, amount: money(r.amount), fees: money(r.fees), interest: money(r.interest), principal: money(r.principal), toEnterprise: money(r.toEnterprise) })),
    createdAt: row.createdAt.toISOString(),
  };
}

function entryView(e: LedgerEntry) {
  const a = { principal: 0, interest: 0, fees: 0, ...e };
  return { key: e.key, kind: e.kind, on: e.on, principal: money(a.principal), interest: money(a.interest), fees: money(a.fees) };
}

type Caller = Awaited<ReturnType<typeof authenticate>>;
type Body = z.infer<typeof LoanCreate>;
type Deps = { db: Db; temporal: Client; config: Config };
const FIELD = (body: Body) => (body.shipmentIds !== undefined ? 'body.shipmentIds' : body.shipmentId !== undefined ? 'body.shipmentId' : 'body.declarationNo');

/** The caller's shipment named by the body (id or 报关单号), with the events `types` (404 for another's). */
async function namedShipment(db: Db, caller: Caller, body: Body, types: string[]) {
  const shipment = await db.shipment.findFirst({
    where: { enterpriseId: caller.enterpriseId, ...(body.shipmentId !== undefined ? { id: body.shipmentId } : { entryId: body.declarationNo! }) },
    select: { id: true, mode: true, orderNo: true, taxRecordNo: true, entryId: true, events: { where: { type: { in: types } }, select: { type: true } } },
  });
  if (!shipment) throw new ApiError(404, 'SHIPMENT_NOT_FOUND', 'no such shipment of yours', [{ path: FIELD(body), message: 'no shipment of the enterprise' }]);
  return shipment;
}

/** 403 unless the enterprise's consents let the lender see `facts` of the shipment now (nothing disclosed here). */
async function requireConsent(db: Db, caller: Caller, lender: string, shipment: { id: string; mode: string }, facts?: readonly FactCategory[]) {
  const consent = await consentDecision(db, { enterpriseId: caller.enterpriseId, lender, facts, subject: { type: 'SHIPMENT', id: shipment.id, enterpriseId: caller.enterpriseId, mode: shipment.mode as '9710' } });
  if (!consent.allowed) throw new ApiError(403, 'CONSENT_REQUIRED', `no active consent lets ${lender} see shipment ${shipment.id} (${consent.reason}); nothing was disclosed`, [{ path: 'body.lender', message: consent.reason }]);
}

/**
 * Writes the loan row and starts its workflow (id = loan id). The same request again answers the
 * same loan (created false); another request for what backs it is 409 LOAN_EXISTS. A workflow that
 * cannot be started takes its new row with it (503).
 */
async function openLoan(deps: Deps, caller: Caller, body: Body, loan: { id: string; shipmentId: string; shipmentIds: string[]; requested: number; workflowType: string; args: unknown[]; summary: string; details: string }): Promise<{ id: string; created: boolean }> {
  const { id } = loan;
  let created = false;
  try {
    await deps.db.financeLoan.create({ data: { id, enterpriseId: caller.enterpriseId, product: body.product, shipmentId: loan.shipmentId, shipmentIds: loan.shipmentIds, lender: body.lender, status: LoanStatus.APPLIED, currency: 'CNY', requested: BigInt(loan.requested) } });
    created = true;
  } catch (err) {
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
  }
  if (!created) await existingLoan(deps, body, id, loan.requested);
  await startOrUndo(() => deps.temporal.workflow.start(loan.workflowType, {
    workflowId: id,
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    args: loan.args,
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE', // a loan id runs once: a repeat after it ended answers the loan as it ended
    typedSearchAttributes: [{ key: SearchAttr.EnterpriseId, value: caller.enterpriseId }, { key: SearchAttr.LoanStatus, value: LoanStatus.APPLIED }],
    staticSummary: loan.summary,
    staticDetails: loan.details,
  }), created ? () => deps.db.financeLoan.delete({ where: { id } }) : undefined);
  return { id, created };
}

/**
 * A loan row under `id` exists: 409 LOAN_EXISTS unless this is the same request; true when its
 * workflow exists too (the request is answered with the loan), false when it never started (a
 * crash between the row and the start: the caller starts it).
 */
async function existingLoan(deps: Deps, body: Body, id: string, requested: number): Promise<boolean> {
  const row = await deps.db.financeLoan.findUniqueOrThrow({ where: { id } });
  if (row.lender !== body.lender || Number(row.requested) !== requested || row.product !== body.product) throw new ApiError(409, 'LOAN_EXISTS', `what backs this loan already backs loan ${id}`, [{ path: FIELD(body), message: 'already financed' }]);
  return deps.temporal.workflow.getHandle(id).describe().then(() => true, (err: unknown) => {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  });
}

/**
 * 退税贷: the refund filed for the shipment (a 9710's after FX, a 9810's HWC-YT pre-refund on
 * departure or its refund after sale), not paid or denied, the lender consented to. A pre-refund's
 * payment is not on the timeline: the loan workflow asks the tax bureau and declines a paid one.
 */
async function refundLoan(deps: Deps, caller: Caller, body: Body) {
  const field = FIELD(body);
  const shipment = await namedShipment(deps.db, caller, body, ['REFUND_APPLIED', 'PRE_REFUND_APPLIED', 'REFUND_PAID', 'REFUND_DENIED']);
  const types = new Set(shipment.events.map((e) => e.type));
  if (!shipment.taxRecordNo || !(types.has('REFUND_APPLIED') || types.has('PRE_REFUND_APPLIED'))) throw new ApiError(422, 'REFUND_NOT_FILED', 'the shipment has no export refund filed: a refund-backed loan needs one', [{ path: field, message: 'no refund filed' }]);
  if (types.has('REFUND_PAID')) throw new ApiError(422, 'REFUND_ALREADY_PAID', 'the tax bureau has paid this refund already', [{ path: field, message: 'refund paid' }]);
  if (types.has('REFUND_DENIED')) throw new ApiError(422, 'REFUND_DENIED', 'the tax bureau denied this refund', [{ path: field, message: 'refund denied' }]);
  await requireConsent(deps.db, caller, body.lender, shipment);
  const requested = toMinor(body.requestedAmount, 'CNY');
  const id = loanWorkflowId(caller.enterpriseId, shipment.taxRecordNo);
  const args: Parameters<typeof refundLoanWorkflow> = [{
    loanId: id, enterpriseId: caller.enterpriseId, enterprise: { code: caller.customsCode, name: caller.enterpriseName }, shipmentId: shipment.id,
    refundApplicationNo: shipment.taxRecordNo, declarationNo: shipment.entryId ?? '', lender: body.lender, requested, beneficiary: body.beneficiary, timeScale: deps.config.TIME_SCALE,
  }];
  return openLoan(deps, caller, body, {
    id, shipmentId: shipment.id, shipmentIds: [], requested, workflowType: 'refundLoanWorkflow', args,
    summary: `Refund-backed loan on ${shipment.entryId ?? shipment.id} from ${body.lender}`,
    details: `Enterprise **${caller.enterpriseName}**; CNY ${body.requestedAmount} requested against refund ${shipment.taxRecordNo}.`,
  });
}

const PRODUCT_MODE: Record<ReceivableProduct, string> = { RECEIVABLE_9710: '9710', RECEIVABLE_9810_SALES: '9810', RECEIVABLE_9610_POOL: '9610' };
/** Why a receivable is not eligible, as the API answers it: 409 when another loan has it, else 422. */
const INELIGIBLE_STATUS: Partial<Record<IneligibleReason, 409>> = { ALREADY_FINANCED: 409 };

/**
 * 订单融资: the caller's shipments of the product's mode, eligible now by the same rule the workflow
 * applies (domain/finance/receivables.ts, limits.ts), the amount within the product's limit, the
 * lender consented to for each financed shipment. Nothing is written, started or disclosed before.
 */
async function receivableLoan(deps: Deps, caller: Caller, body: Body & { product: ReceivableProduct }) {
  const field = FIELD(body);
  const mode = PRODUCT_MODE[body.product];
  const named = body.shipmentIds
    ? await deps.db.shipment.findMany({ where: { enterpriseId: caller.enterpriseId, id: { in: body.shipmentIds } }, select: { id: true, mode: true, orderNo: true } })
    : [await namedShipment(deps.db, caller, body, [])];
  const missing = (body.shipmentIds ?? []).findIndex((id) => !named.some((s) => s.id === id));
  if (missing >= 0) throw new ApiError(404, 'SHIPMENT_NOT_FOUND', 'no such shipment of yours', [{ path: `${field}.${missing}`, message: 'no shipment of the enterprise' }]);
  const wrong = named.findIndex((s) => s.mode !== mode);
  if (wrong >= 0) throw new ApiError(422, 'WRONG_MODE', `${body.product} finances ${mode} shipments; ${named[wrong]!.id} is ${named[wrong]!.mode}`, [{ path: body.shipmentIds ? `${field}.${body.shipmentIds.indexOf(named[wrong]!.id)}` : field, message: `not a ${mode} shipment` }]);
  const first = named[0]!;
  // the loan's id first: the same request again must not find its own loan financing the receivable
  const ref = body.product === 'RECEIVABLE_9710' ? `rcv:${first.orderNo}`
    : body.product === 'RECEIVABLE_9810_SALES' ? `rcv:${first.orderNo}:s${(await deps.db.shipmentEvent.count({ where: { shipmentId: first.id, type: 'SALES_REPORTED' } }))}`
      : `pool:${createHash('sha256').update(named.map((s) => s.id).sort().join('\n')).digest('hex').slice(0, 16)}`;
  const id = receivableLoanId(caller.enterpriseId, ref);
  const requested = toMinor(body.requestedAmount, 'CNY');
  const existing = await deps.db.financeLoan.findUnique({ where: { id }, select: { id: true } });
  // the loan is there: the same request answers it, another is LOAN_EXISTS, whatever was collected since
  if (existing && (await existingLoan(deps, body, id, requested))) return { id, created: false };
  const shipments = await receivableShipments(deps.db, id, named.map((s) => s.id));
  if (body.shipmentIds) requirePoolable(body.shipmentIds, shipments);
  const { basis, refs } = receivableBasis(body.product, shipments);
  const limit = advanceLimit(basis);
  if (!limit.eligible) throw new ApiError(INELIGIBLE_STATUS[limit.reason] ?? 422, limit.reason, limit.detail, [{ path: field, message: limit.reason }]);
  if (requested > limit.limit) throw new ApiError(422, 'REQUESTED_ABOVE_LIMIT', `at most CNY ${money(limit.limit)} (${limit.ratioBp / 100} % of CNY ${money(limit.financedValue)} financed)`, [{ path: 'body.requestedAmount', message: `above ${money(limit.limit)}` }]);
  const financedIds = [...new Set(refs.map((r) => r.split('#')[0]!))];
  for (const s of named.filter((x) => financedIds.includes(x.id))) await requireConsent(deps.db, caller, body.lender, s, RECEIVABLE_LOAN_FACTS);
  const args: Parameters<typeof receivableLoanWorkflow> = [{
    loanId: id, enterpriseId: caller.enterpriseId, enterprise: { code: caller.customsCode, name: caller.enterpriseName }, product: body.product,
    shipmentIds: body.product === 'RECEIVABLE_9610_POOL' ? financedIds : [first.id], lender: body.lender, requested, beneficiary: body.beneficiary, timeScale: deps.config.TIME_SCALE,
  }];
  return openLoan(deps, caller, body, {
    // a pool is repaid parcel by parcel as they settle (pool.workflow.ts); pools started before run on as receivable loans
    id, shipmentId: first.id, shipmentIds: args[0].shipmentIds, requested, workflowType: body.product === 'RECEIVABLE_9610_POOL' ? 'poolLoanWorkflow' : 'receivableLoanWorkflow', args,
    summary: `Receivable financing (${body.product}) on ${body.product === 'RECEIVABLE_9610_POOL' ? `${financedIds.length} parcels` : first.orderNo} from ${body.lender}`,
    details: `Enterprise **${caller.enterpriseName}**; CNY ${body.requestedAmount} requested against CNY ${money(limit.financedValue)} of receivables.`,
  });
}

/** What the API answers for a parcel that cannot join a pool: 409 when another loan has it, else 422. */
const PARCEL_PROBLEM: Record<ParcelProblem, { status: 409 | 422; message: string }> = {
  WRONG_MODE: { status: 422, message: 'not a 9610 shipment' },
  NOT_RELEASED: { status: 422, message: 'not released by customs yet' },
  SHIPMENT_ENDED: { status: 422, message: 'the shipment has ended: nothing will be collected' },
  ALREADY_COLLECTED: { status: 422, message: 'its proceeds are settled already' },
  ALREADY_FINANCED: { status: 409, message: 'another loan finances it' },
  NO_CNY_VALUE: { status: 422, message: 'priced in a foreign currency: no CNY value before its proceeds settle' },
};

/** Every parcel named for a 9610 pool can join it (domain/finance/pool.ts parcelProblem), else the first that cannot, by its index. */
function requirePoolable(shipmentIds: readonly string[], shipments: readonly ReceivableShipment[]): void {
  for (const [i, id] of shipmentIds.entries()) {
    const problem = parcelProblem(shipments.find((s) => s.shipmentId === id)!);
    if (problem === undefined) continue;
    const { status, message } = PARCEL_PROBLEM[problem];
    throw new ApiError(status, problem, `${id} cannot join the pool: ${message}`, [{ path: `body.shipmentIds.${i}`, message }]);
  }
}
