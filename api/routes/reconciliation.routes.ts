import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { reconcileEnterprise, reconcileShipment } from '../../db/reconciliation.js';
import { chinaDayStart } from '../../domain/time.js';
import { authenticate } from '../auth.js';
import { ApiError } from '../errors.js';
import { ErrorBody, IdParams } from '../schemas.js';

const MismatchBody = z.object({ flow: z.enum(['information', 'money', 'goods']), document: z.string(), expected: z.string(), actual: z.string(), difference: z.string(), explanation: z.string() });
const ReconciliationBody = z
  .object({
    shipmentId: z.string(),
    mode: z.string(),
    status: z.enum(['MATCHED', 'MISMATCH', 'PENDING']),
    information: z.object({ orderNo: z.string(), lines: z.number(), declaredQty: z.string(), goodsValue: z.string(), currency: z.string(), invtNo: z.string().nullable(), entryId: z.string().nullable() }),
    money: z.object({ expected: z.string(), received: z.string(), currency: z.string(), settledCny: z.string().nullable(), tax: z.object({ charged: z.string(), assessed: z.string().nullable() }).optional() }),
    goods: z.object({ declaredQty: z.string(), movedQty: z.string(), milestones: z.array(z.string()), stock: z.record(z.string(), z.string()) }),
    mismatches: z.array(MismatchBody),
  })
  .meta({ id: 'Reconciliation' });

const PeriodQuery = z
  .object({ from: z.iso.date(), to: z.iso.date() })
  .strict()
  .refine((q) => q.from < q.to, { message: 'from must be before to', path: ['to'] });

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };

/** 三流合一 reconciliation of the caller's shipments (information, money and goods flows). */
export const reconciliationRoutes =
  (deps: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/reconciliation/shipments/:id', {
      schema: { tags: ['reconciliation'], operationId: 'reconcileShipment', summary: 'Information, money and goods flows of one shipment, with every mismatch explained', params: IdParams, response: { 200: ReconciliationBody, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      const r = await reconcileShipment(deps.db, caller.enterpriseId, req.params.id);
      if (!r) throw new ApiError(404, 'SHIPMENT_NOT_FOUND', 'no such shipment');
      return r;
    });

    app.get('/v1/reconciliation', {
      schema: {
        tags: ['reconciliation'], operationId: 'reconcilePeriod', summary: "The caller's shipments created in [from, to) reconciled, mismatches first (at most 200)",
        querystring: PeriodQuery,
        response: { 200: z.object({ from: z.string(), to: z.string(), counts: z.record(z.string(), z.number()), items: z.array(ReconciliationBody) }), ...errors },
      },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      const items = await reconcileEnterprise(deps.db, caller.enterpriseId, chinaDayStart(req.query.from), chinaDayStart(req.query.to));
      const counts = items.reduce<Record<string, number>>((c, r) => ({ ...c, [r.status]: (c[r.status] ?? 0) + 1 }), {});
      return { from: req.query.from, to: req.query.to, counts, items };
    });
  };
