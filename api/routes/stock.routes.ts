import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import { Prisma, type Db } from '../../db/client.js';
import { stockOf } from '../../db/stock.js';
import { ImportItem } from '../../domain/shipment.schema.js';
import { SearchAttr } from '../../workflows/contract.js';
import type { stockEntryWorkflow } from '../../workflows/stock-entry.workflow.js';
import { authenticate, requireInGoodStanding } from '../auth.js';
import { ApiError } from '../errors.js';
import { startOrUndo } from '../start-or-undo.js';
import { BONDED_SYSTEM } from '../import-orders.js';
import { ErrorBody, IdParams } from '../schemas.js';

const StockEntryCreate = z
  .object({
    /** The bonded warehouse in the B-type centre (adapters/bonded-warehouse). */
    warehouseCode: z.string().regex(/^[A-Z0-9-]{3,20}$/, '3-20 upper-case letters, digits or -'),
    /** The enterprise's number for the entry (e.g. its entry declaration into the centre). */
    entryNo: z.string().regex(/^[A-Za-z0-9][\w-]{0,39}$/, '1-40 letters, digits, _ or -'),
    lines: z
      .array(z.object({ sku: ImportItem.shape.sku, name: ImportItem.shape.name, qty: z.number().int().min(1).max(1_000_000) }).strict())
      .min(1)
      .max(200)
      .refine((lines) => new Set(lines.map((l) => l.sku)).size === lines.length, 'each sku at most once'),
  })
  .strict()
  .meta({ id: 'StockEntryCreate' });

const StockEntry = z
  .object({
    id: z.string(),
    warehouseCode: z.string(),
    entryNo: z.string(),
    status: z.string().meta({ description: 'ANNOUNCED (waiting for the warehouse to count the goods in), RECEIVED, or RECEIVED_WITH_DISCREPANCY (only the announced units were credited; see discrepancies)' }),
    inboundNo: z.string().nullable(),
    lines: z.array(z.object({ sku: z.string(), name: z.string(), qty: z.number() })),
    /** SKUs whose counted-in units (good and damaged) differ from the announced quantity. */
    discrepancies: z.array(z.object({ sku: z.string(), announced: z.number(), received: z.number() })),
    createdAt: z.string(),
  })
  .meta({ id: 'StockEntry' });

const StockBalances = z
  .object({
    items: z.array(z.object({ system: z.string(), warehouseCode: z.string(), sku: z.string(), onHand: z.string(), reserved: z.string(), pledged: z.string().meta({ description: 'Locked by stock pledges (仓单质押) until released' }), available: z.string().meta({ description: 'On hand, neither reserved nor pledged' }) })),
  })
  .meta({ id: 'StockBalances' });

const StockQuery = z
  .object({
    system: z.enum(['bonded-warehouse', 'overseas-warehouse']).optional(),
    warehouseCode: z.string().regex(/^[A-Z0-9-]{3,20}$/).optional(),
  })
  .strict();

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };

/** Bonded stock entries (1210 first-line entry) and the caller's stock in every warehouse. */
export const stockRoutes =
  (deps: { db: Db; temporal: Client; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/stock-entries', {
      schema: {
        tags: ['stock'],
        operationId: 'createStockEntry',
        summary: 'Enter stock into the bonded warehouse (1210 first-line entry)',
        body: StockEntryCreate,
        response: { 200: StockEntry, 202: StockEntry, ...errors },
      },
    }, async (req, reply) => {
      const caller = await authenticate(deps.db, req);
      await requireInGoodStanding(deps.db, caller);
      const body = req.body;
      const id = `stock-entry:${caller.enterpriseId}:${body.entryNo}`;
      const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      let created = false;
      try {
        await deps.db.stockEntry.create({
          data: { id, enterpriseId: caller.enterpriseId, system: BONDED_SYSTEM, warehouseCode: body.warehouseCode, entryNo: body.entryNo, lines: { hash, lines: body.lines }, status: 'ANNOUNCING' },
        });
        created = true;
      } catch (err) {
        if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
      }
      const row = await deps.db.stockEntry.findUniqueOrThrow({ where: { id } });
      if ((row.lines as { hash: string }).hash !== hash) {
        throw new ApiError(409, 'STOCK_ENTRY_CONFLICT', `entry ${body.entryNo} already exists with different lines`, [{ path: 'body.entryNo', message: 'already used for another entry' }]);
      }
      await startOrUndo(() => deps.temporal.workflow.start<typeof stockEntryWorkflow>('stockEntryWorkflow', {
        workflowId: id,
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        args: [{ entryId: id, enterpriseId: caller.enterpriseId, system: BONDED_SYSTEM, warehouseCode: body.warehouseCode, entryNo: body.entryNo, lines: body.lines, timeScale: deps.config.TIME_SCALE }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: [
          { key: SearchAttr.CustomsMode, value: '1210' },
          { key: SearchAttr.EnterpriseId, value: caller.enterpriseId },
          { key: SearchAttr.ShipmentStatus, value: 'ANNOUNCED' },
        ],
        staticSummary: `1210 bonded stock entry ${body.entryNo} into ${body.warehouseCode}`,
        staticDetails: `Enterprise **${caller.enterpriseName}**; ${body.lines.length} SKU(s), ${body.lines.reduce((n, l) => n + l.qty, 0)} unit(s).`,
      }), created ? () => deps.db.stockEntry.delete({ where: { id } }) : undefined);
      return reply.code(created ? 202 : 200).header('location', `/v1/stock-entries/${encodeURIComponent(id)}`).send(view(row));
    });

    app.get('/v1/stock-entries/:id', {
      schema: { tags: ['stock'], operationId: 'getStockEntry', summary: 'One stock entry', params: IdParams, response: { 200: StockEntry, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      const row = await deps.db.stockEntry.findFirst({ where: { id: req.params.id, enterpriseId: caller.enterpriseId } });
      if (!row) throw new ApiError(404, 'STOCK_ENTRY_NOT_FOUND', 'no such stock entry');
      return view(row);
    });

    app.get('/v1/stock', {
      schema: { tags: ['stock'], operationId: 'getStock', summary: "The caller's stock per warehouse and SKU", querystring: StockQuery, response: { 200: StockBalances, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      return { items: await stockOf(deps.db, caller.enterpriseId, { ...(req.query.system ? { system: req.query.system } : {}), ...(req.query.warehouseCode ? { warehouseCode: req.query.warehouseCode } : {}) }) };
    });
  };

function view(row: { id: string; warehouseCode: string; entryNo: string; status: string; inboundNo: string | null; lines: unknown; createdAt: Date }) {
  return {
    id: row.id,
    warehouseCode: row.warehouseCode,
    entryNo: row.entryNo,
    status: row.status,
    inboundNo: row.inboundNo,
    lines: (row.lines as { lines: { sku: string; name: string; qty: number }[] }).lines,
    discrepancies: (row.lines as { discrepancies?: { sku: string; announced: number; received: number }[] }).discrepancies ?? [],
    createdAt: row.createdAt.toISOString(),
  };
}
