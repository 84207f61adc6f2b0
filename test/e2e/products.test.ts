import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../domain/import/identity.js';
import { fenText, importOrderFigures } from '../../domain/import/order.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { repoRoot } from '../../scripts/lib/tools.js';
import { shipment9610 } from '../support/fixtures.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';

type Order1210 = Extract<ShipmentCreate, { mode: '1210' }>;
const example = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-1210.json`, 'utf8')) as Order1210;

let p: Platform;
beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
  // bonded stock for the 1210 order
  const entry = await p.api.POST('/v1/stock-entries', { body: { warehouseCode: example.warehouse.code, entryNo: 'TRACE-ENTRY-1', lines: [{ sku: 'AU-MILK-900', name: '婴儿配方奶粉', qty: 10 }, { sku: 'FR-SERUM-30', name: '精华液', qty: 10 }] } });
  expect(entry.response.status).toBe(202);
  await eventually(async () => {
    const { data } = await p.api.GET('/v1/stock-entries/{id}', { params: { path: { id: entry.data!.id } } });
    return data?.status === 'RECEIVED' ? data : undefined;
  }, 'bonded stock entry to be received');
});
afterAll(async () => p?.stop());

const tea = { sku: 'DZ-TEA-001', hsCode: '0902300000', name: '达州乌梅茶', spec: '250g/盒', origin: '142', manufacturer: '达州市通川区茶叶合作社' };
const milk = { sku: 'AU-MILK-900', hsCode: '1901101000', name: '婴儿配方奶粉', spec: '900g/罐', origin: '601', manufacturer: 'Example Dairy Pty Ltd' };
const products = () => p.db.product.count();

async function registerProduct(body: typeof tea) {
  const res = await p.api.POST('/v1/products', { body });
  expect(res.response.status).toBe(201);
  return res.data!;
}

async function registerBatch(productId: string, body: { batchNo: string; producedOn: string; expiresOn?: string; quantity?: number }) {
  const res = await p.api.POST('/v1/products/{id}/batches', { params: { path: { id: productId } }, body });
  expect(res.response.status).toBe(201);
  return res.data!;
}

/** A 1210 order for one buyer, with the amount paid that matches its goods, freight and tax. */
function order1210(orderNo: string, batchNo: string): Order1210 {
  const first17 = '51170219900307123';
  const id = first17 + residentIdCheckChar(first17);
  const body: Order1210 = {
    ...example,
    orderNo,
    buyer: { ...example.buyer, idNumber: id },
    logistics: { ...example.logistics, waybillNo: `WB${orderNo}` },
    items: example.items.map((i) => (i.sku === milk.sku ? { ...i, batchNo } : i)),
    payment: { ...example.payment, transactionId: `PAY-${orderNo}`, payer: { ...example.payment.payer, idNumber: id } },
  };
  const figures = importOrderFigures(body, '2026-11-26', 0);
  return { ...body, payment: { ...body.payment, amountPaid: Number(fenText(figures.acturalPaidFen)) } };
}

describe('product traceability', () => {
  let teaId: string;

  it('registers a product; a duplicate sku is 409, a bad HS code or origin 400, and nothing is written', async () => {
    const product = await registerProduct(tea);
    teaId = product.id;
    expect(product).toMatchObject({ ...tea, batches: [] });
    const before = await products();
    const dup = await p.api.POST('/v1/products', { body: tea });
    expect(dup.response.status).toBe(409);
    expect(dup.error).toMatchObject({ code: 'PRODUCT_SKU_TAKEN', fields: [{ path: 'body.sku' }] });
    for (const [change, field] of [
      [{ hsCode: '090230' }, 'body.hsCode'],
      [{ hsCode: '7701000000' }, 'body.hsCode'],
      [{ origin: 'CN' }, 'body.origin'],
      [{ origin: '000' }, 'body.origin'],
      [{ manufacturer: '' }, 'body.manufacturer'],
    ] as const) {
      const res = await p.api.POST('/v1/products', { body: { ...tea, sku: 'DZ-NEW-1', ...change } });
      expect(res.response.status, JSON.stringify(change)).toBe(400);
      expect(res.error?.code).toBe('VALIDATION_FAILED');
      expect(res.error?.fields.map((f) => f.path)).toContain(field);
    }
    expect(await products()).toBe(before);
    // the same sku is free for another enterprise
    expect((await p.otherApi.POST('/v1/products', { body: tea })).response.status).toBe(201);
  });

  it('registers batches; a duplicate batch is 409, an expiry before production 400', async () => {
    const batch = await registerBatch(teaId, { batchNo: 'T2026-03', producedOn: '2026-03-01', expiresOn: '2028-02-28', quantity: 5000 });
    expect(batch).toMatchObject({ batchNo: 'T2026-03', producedOn: '2026-03-01', expiresOn: '2028-02-28', quantity: '5000' });
    const count = await p.db.productBatch.count();
    const dup = await p.api.POST('/v1/products/{id}/batches', { params: { path: { id: teaId } }, body: { batchNo: 'T2026-03', producedOn: '2026-03-02' } });
    expect(dup.error).toMatchObject({ code: 'BATCH_EXISTS', fields: [{ path: 'body.batchNo' }] });
    const early = await p.api.POST('/v1/products/{id}/batches', { params: { path: { id: teaId } }, body: { batchNo: 'T2026-04', producedOn: '2026-04-01', expiresOn: '2026-03-01' } });
    expect(early.response.status).toBe(400);
    expect(early.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'body.expiresOn' }] });
    const notADay = await p.api.POST('/v1/products/{id}/batches', { params: { path: { id: teaId } }, body: { batchNo: 'T2026-04', producedOn: '2026-02-30' } });
    expect(notADay.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'body.producedOn' }] });
    expect(await p.db.productBatch.count()).toBe(count);
    expect((await p.api.GET('/v1/products/{id}', { params: { path: { id: teaId } } })).data?.batches.map((b) => b.batchNo)).toEqual(['T2026-03']);
  });

  it('traces a batch to the shipments that carried it, and a shipment to its products and batches', async () => {
    const body = shipment9610('TRACE-9610-1');
    const items = body.items.map((i) => (i.sku === tea.sku ? { ...i, batchNo: 'T2026-03' } : i));
    const created = await p.api.POST('/v1/shipments', { body: { ...body, items } as ShipmentCreate });
    expect(created.response.status).toBe(202);
    const id = created.data!.id;
    // another batch of the same product does not show up
    await p.api.POST('/v1/shipments', { body: { ...body, orderNo: 'TRACE-9610-2', logistics: { ...body.logistics, waybillNo: 'WBTRACE96102' }, items: items.map((i) => ({ ...i, batchNo: 'T2025-12' })) } as ShipmentCreate });

    const trace = await p.api.GET('/v1/products/{id}/batches/{batchNo}/trace', { params: { path: { id: teaId, batchNo: 'T2026-03' } } });
    expect(trace.response.status).toBe(200);
    expect(trace.data).toMatchObject({ product: { id: teaId, sku: tea.sku }, batch: { batchNo: 'T2026-03' }, nextCursor: null });
    expect(trace.data!.lines).toEqual([
      expect.objectContaining({ lineNo: 1, qty: '2', currency: 'EUR', buyer: null, shipment: expect.objectContaining({ id, orderNo: 'TRACE-9610-1', mode: '9610', declaration: expect.any(Object) }) }),
    ]);

    const byShipment = await p.api.GET('/v1/shipments/{id}/trace', { params: { path: { id } } });
    expect(byShipment.data?.lines).toEqual([
      expect.objectContaining({ lineNo: 1, sku: tea.sku, batchNo: 'T2026-03', product: expect.objectContaining({ id: teaId, manufacturer: tea.manufacturer }), batch: expect.objectContaining({ batchNo: 'T2026-03', expiresOn: '2028-02-28' }) }),
      expect.objectContaining({ lineNo: 2, sku: 'DZ-BAMBOO-7', batchNo: null, product: null, batch: null }),
    ]);
  });

  it('finds lines of shipments sent before the product was registered (matched by sku)', async () => {
    const body = shipment9610('TRACE-EARLY-1');
    const items = body.items.map((i) => (i.sku === 'DZ-BAMBOO-7' ? { ...i, batchNo: 'BB-01' } : i));
    const id = (await p.api.POST('/v1/shipments', { body: { ...body, items } as ShipmentCreate })).data!.id;
    const bamboo = await registerProduct({ sku: 'DZ-BAMBOO-7', hsCode: '4602120000', name: '竹编收纳篮', spec: '30x20cm', origin: '142', manufacturer: '达州竹编工坊' });
    const trace = await p.api.GET('/v1/products/{id}/batches/{batchNo}/trace', { params: { path: { id: bamboo.id, batchNo: 'BB-01' } } });
    expect(trace.data?.batch).toBeNull(); // named by the shipment, never registered
    expect(trace.data?.lines.map((l) => l.shipment.id)).toEqual([id]);
    const unknown = await p.api.GET('/v1/products/{id}/batches/{batchNo}/trace', { params: { path: { id: bamboo.id, batchNo: 'NEVER' } } });
    expect(unknown.response.status).toBe(404);
    expect(unknown.error).toMatchObject({ code: 'BATCH_NOT_FOUND', fields: [{ path: 'params.batchNo' }] });
  });

  it('masks the buyer of a 1210 import in a batch trace (never the clear name or ID number)', async () => {
    const product = await registerProduct(milk);
    await registerBatch(product.id, { batchNo: 'M-240901', producedOn: '2024-09-01', expiresOn: '2026-12-31' });
    const order = order1210('TRACE-1210-1', 'M-240901');
    const created = await p.api.POST('/v1/shipments', { body: order });
    expect(created.response.status).toBe(202);
    const res = await fetch(`${p.apiUrl}/v1/products/${product.id}/batches/M-240901/trace`, { headers: { authorization: `Bearer ${p.apiKey}` } });
    const text = await res.text();
    expect(res.status).toBe(200);
    const trace = JSON.parse(text) as { lines: { buyer: unknown; shipment: { id: string; mode: string } }[] };
    expect(trace.lines).toEqual([expect.objectContaining({ buyer: { name: '张*', idNumber: `5117********${order.buyer.idNumber.slice(-4)}` }, shipment: expect.objectContaining({ id: created.data!.id, mode: '1210' }) })]);
    expect(text).not.toContain(order.buyer.idNumber);
    expect(text).not.toContain('张三');
    expect(text).not.toContain(order.buyer.telephone);
  });

  it('shows another enterprise nothing: 404 for the product, its batches and traces', async () => {
    const shipmentId = `shipment:${p.enterpriseId}:TRACE-9610-1`;
    const before = await p.db.productBatch.count();
    const checks = [
      await p.otherApi.GET('/v1/products/{id}', { params: { path: { id: teaId } } }),
      await p.otherApi.GET('/v1/products/{id}/batches/{batchNo}/trace', { params: { path: { id: teaId, batchNo: 'T2026-03' } } }),
      await p.otherApi.POST('/v1/products/{id}/batches', { params: { path: { id: teaId } }, body: { batchNo: 'X-1', producedOn: '2026-01-01' } }),
    ];
    for (const res of checks) {
      expect(res.response.status).toBe(404);
      expect(res.error).toMatchObject({ code: 'PRODUCT_NOT_FOUND', fields: [{ path: 'params.id' }] });
    }
    const shipment = await p.otherApi.GET('/v1/shipments/{id}/trace', { params: { path: { id: shipmentId } } });
    expect(shipment.response.status).toBe(404);
    expect(shipment.error).toMatchObject({ code: 'SHIPMENT_NOT_FOUND' });
    expect(await p.db.productBatch.count()).toBe(before);
    // its own list holds only its own product of that sku
    const own = await p.otherApi.GET('/v1/products', { params: { query: { sku: tea.sku } } });
    expect(own.data?.items).toHaveLength(1);
    expect(own.data?.items[0]?.id).not.toBe(teaId);
  });
});
