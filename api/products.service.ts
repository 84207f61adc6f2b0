import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { appendAudit } from '../db/audit.js';
import { Prisma, type Db } from '../db/client.js';
import type { FieldCipher } from '../codec/field-cipher.js';
import { openRequest } from '../db/personal-data.js';
import { maskIdNumber, maskName } from '../domain/products/mask.js';
import { batchDateProblems, hsCodeProblem, originProblem } from '../domain/products/product.js';
import { ApiError } from './errors.js';
import type { BatchCreate, ProductCreate } from './products.schemas.js';

/**
 * Product traceability (商品溯源): an enterprise's products and production batches, and the
 * traces that join them to the shipment lines that named them. Everything is scoped to the
 * calling enterprise; another enterprise's product is "not found".
 */

type ProductRow = Awaited<ReturnType<Db['product']['findUniqueOrThrow']>>;
type BatchRow = Awaited<ReturnType<Db['productBatch']['findUniqueOrThrow']>>;
type ShipmentRow = Awaited<ReturnType<Db['shipment']['findUniqueOrThrow']>>;

const productView = (p: ProductRow) => ({
  id: p.id, sku: p.sku, hsCode: p.hsCode, name: p.name, spec: p.spec, origin: p.origin, manufacturer: p.manufacturer, createdAt: p.createdAt.toISOString(),
});
const batchView = (b: BatchRow) => ({
  batchNo: b.batchNo, producedOn: b.producedOn, expiresOn: b.expiresOn, quantity: b.quantity?.toString() ?? null, createdAt: b.createdAt.toISOString(),
});
const shipmentView = (s: ShipmentRow) => ({
  id: s.id, orderNo: s.orderNo, mode: s.mode, status: s.status, createdAt: s.createdAt.toISOString(),
  declaration: { preNo: s.preNo, invtNo: s.invtNo, entryId: s.entryId },
});

/** The orderer of a 1210 import, masked (opened from the sealed request); null once purged. Never the clear name or ID number. */
function maskedBuyer(cipher: FieldCipher, s: ShipmentRow): { name: string; idNumber: string } | null {
  if (s.mode !== '1210' || s.personalDataPurgedAt) return null;
  const request = openRequest(cipher, s.request);
  if (request.mode !== '1210') return null;
  return { name: maskName(request.buyer.name), idNumber: maskIdNumber(request.buyer.idNumber) };
}

export function productNotFound(): ApiError {
  return new ApiError(404, 'PRODUCT_NOT_FOUND', 'no such product', [{ path: 'params.id', message: 'not a product of this enterprise' }]);
}

async function ownProduct(db: Db, enterpriseId: string, id: string): Promise<ProductRow> {
  const p = await db.product.findFirst({ where: { id, enterpriseId } });
  if (!p) throw productNotFound();
  return p;
}

export async function createProduct(db: Db, enterpriseId: string, body: z.infer<typeof ProductCreate>) {
  const fields = [
    ...(hsCodeProblem(body.hsCode) ? [{ path: 'body.hsCode', message: 'not an HS chapter (01–97, not 77)' }] : []),
    ...(originProblem(body.origin) ? [{ path: 'body.origin', message: '3-digit customs country code' }] : []),
  ];
  if (fields.length) throw new ApiError(400, 'VALIDATION_FAILED', 'invalid product', fields);
  const id = `prd_${randomBytes(8).toString('hex')}`;
  try {
    const row = await db.$transaction(async (tx) => {
      const p = await tx.product.create({ data: { id, enterpriseId, ...body } });
      await appendAudit(tx, { actor: `enterprise:${enterpriseId}`, action: 'product.registered', subjectType: 'product', subjectId: id, detail: { sku: body.sku, hsCode: body.hsCode, origin: body.origin } });
      return p;
    });
    return { ...productView(row), batches: [] };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw new ApiError(409, 'PRODUCT_SKU_TAKEN', `sku ${body.sku} is already registered by this enterprise`, [{ path: 'body.sku', message: 'already registered' }]);
    }
    throw err;
  }
}

export async function getProduct(db: Db, enterpriseId: string, id: string) {
  const p = await db.product.findFirst({ where: { id, enterpriseId }, include: { batches: { orderBy: { id: 'asc' } } } });
  if (!p) throw productNotFound();
  return { ...productView(p), batches: p.batches.map(batchView) };
}

export async function listProducts(db: Db, enterpriseId: string, q: { sku?: string | undefined; cursor?: string | undefined; limit: number }) {
  const rows = await db.product.findMany({
    where: { enterpriseId, ...(q.sku ? { sku: q.sku } : {}), ...(q.cursor ? { id: { gt: q.cursor } } : {}) },
    orderBy: { id: 'asc' },
    take: q.limit + 1,
    include: { batches: { orderBy: { id: 'asc' } } },
  });
  const page = rows.slice(0, q.limit);
  return { items: page.map((p) => ({ ...productView(p), batches: p.batches.map(batchView) })), nextCursor: rows.length > q.limit ? (page[page.length - 1]?.id ?? null) : null };
}

export async function createBatch(db: Db, enterpriseId: string, productId: string, body: z.infer<typeof BatchCreate>) {
  const product = await ownProduct(db, enterpriseId, productId);
  const problems = batchDateProblems(body);
  if (problems.length) throw new ApiError(400, 'VALIDATION_FAILED', 'invalid batch dates', problems.map((p) => ({ path: `body.${p.field}`, message: p.message })));
  try {
    const row = await db.$transaction(async (tx) => {
      const b = await tx.productBatch.create({
        data: { productId: product.id, batchNo: body.batchNo, producedOn: body.producedOn, expiresOn: body.expiresOn ?? null, quantity: body.quantity === undefined ? null : String(body.quantity) },
      });
      await appendAudit(tx, { actor: `enterprise:${enterpriseId}`, action: 'product.batch_registered', subjectType: 'product', subjectId: product.id, detail: { batchNo: body.batchNo, producedOn: body.producedOn, expiresOn: body.expiresOn ?? null } });
      return b;
    });
    return batchView(row);
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw new ApiError(409, 'BATCH_EXISTS', `batch ${body.batchNo} is already registered for this product`, [{ path: 'body.batchNo', message: 'already registered' }]);
    }
    throw err;
  }
}

/**
 * Every shipment line of one batch of a product: lines linked to the product, and lines of the
 * enterprise's shipments that named the sku before the product was registered (productId null).
 */
export async function traceBatch(db: Db, cipher: FieldCipher, enterpriseId: string, productId: string, batchNo: string, q: { cursor?: string | undefined; limit: number }) {
  const product = await ownProduct(db, enterpriseId, productId);
  const batch = await db.productBatch.findUnique({ where: { productId_batchNo: { productId, batchNo } } });
  const rows = await db.shipmentLine.findMany({
    where: {
      batchNo,
      shipment: { enterpriseId },
      OR: [{ productId }, { productId: null, sku: product.sku }],
      ...(q.cursor ? { id: { gt: BigInt(q.cursor) } } : {}),
    },
    orderBy: { id: 'asc' },
    take: q.limit + 1,
    include: { shipment: true },
  });
  if (!batch && rows.length === 0 && !q.cursor) {
    throw new ApiError(404, 'BATCH_NOT_FOUND', `no batch ${batchNo} of this product, and no shipment names it`, [{ path: 'params.batchNo', message: 'unknown batch' }]);
  }
  const page = rows.slice(0, q.limit);
  return {
    product: productView(product),
    batch: batch ? batchView(batch) : null,
    lines: page.map((l) => ({
      lineNo: l.lineNo, qty: l.qty.toString(), amount: l.amount.toFixed(2), currency: l.currency, shipment: shipmentView(l.shipment), buyer: maskedBuyer(cipher, l.shipment),
    })),
    nextCursor: rows.length > q.limit ? (page[page.length - 1]?.id.toString() ?? null) : null,
  };
}

/** Each line of one of the enterprise's shipments with its registered product and batch. */
export async function traceShipment(db: Db, enterpriseId: string, shipmentId: string) {
  const s = await db.shipment.findFirst({ where: { id: shipmentId, enterpriseId }, include: { lines: { orderBy: { lineNo: 'asc' } } } });
  if (!s) throw new ApiError(404, 'SHIPMENT_NOT_FOUND', 'no such shipment', [{ path: 'params.id', message: 'not a shipment of this enterprise' }]);
  const products = await db.product.findMany({
    where: { enterpriseId, OR: [{ id: { in: s.lines.flatMap((l) => (l.productId ? [l.productId] : [])) } }, { sku: { in: s.lines.map((l) => l.sku) } }] },
    include: { batches: { where: { batchNo: { in: s.lines.flatMap((l) => (l.batchNo ? [l.batchNo] : [])) } } } },
  });
  const byId = new Map(products.map((p) => [p.id, p]));
  const bySku = new Map(products.map((p) => [p.sku, p]));
  return {
    shipment: shipmentView(s),
    lines: s.lines.map((l) => {
      const p = (l.productId ? byId.get(l.productId) : undefined) ?? bySku.get(l.sku);
      const b = p && l.batchNo ? p.batches.find((x) => x.batchNo === l.batchNo) : undefined;
      return { lineNo: l.lineNo, sku: l.sku, hsCode: l.hsCode, qty: l.qty.toString(), batchNo: l.batchNo, product: p ? productView(p) : null, batch: b ? batchView(b) : null };
    }),
  };
}
