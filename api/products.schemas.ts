import { z } from 'zod';

/** Request and response bodies of product traceability (/v1/products, /v1/shipments/{id}/trace). */

const Sku = z.string().regex(/^[\w.-]{1,20}$/, '1-20 letters, digits, _ . - (the sku used in shipment items)');
const BatchNo = z.string().regex(/^[\w.-]{1,40}$/, '1-40 letters, digits, _ . - (the batchNo used in shipment items)');
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a calendar day YYYY-MM-DD');

export const ProductCreate = z
  .object({
    sku: Sku,
    hsCode: z.string().regex(/^\d{10}$/, '10-digit HS code').meta({ description: '10-digit commodity code; the first two digits an HS chapter 01–97 (not 77)' }),
    name: z.string().trim().min(1).max(250),
    spec: z.string().trim().min(1).max(250).meta({ description: 'Specification / model (规格型号)' }),
    origin: z.string().regex(/^\d{3}$/, '3-digit customs country code, e.g. 142 (China)').meta({ description: 'Country of origin, 3-digit customs code' }),
    manufacturer: z.string().trim().min(1).max(200),
  })
  .strict()
  .meta({ id: 'ProductCreate' });

export const BatchCreate = z
  .object({
    batchNo: BatchNo,
    producedOn: Day,
    expiresOn: Day.optional(),
    quantity: z.number().finite().positive().max(1e12).optional().meta({ description: 'Quantity produced, in the product’s declared unit' }),
  })
  .strict()
  .meta({ id: 'BatchCreate' });

export const Batch = z
  .object({ batchNo: z.string(), producedOn: z.string().nullable(), expiresOn: z.string().nullable(), quantity: z.string().nullable(), createdAt: z.string() })
  .meta({ id: 'ProductBatch' });

export const Product = z
  .object({
    id: z.string(),
    sku: z.string(),
    hsCode: z.string(),
    name: z.string(),
    spec: z.string(),
    origin: z.string(),
    manufacturer: z.string(),
    createdAt: z.string(),
    batches: z.array(Batch),
  })
  .meta({ id: 'Product' });

export const ProductList = z.object({ items: z.array(Product), nextCursor: z.string().nullable() }).meta({ id: 'ProductList' });

export const ProductListQuery = z
  .object({ sku: Sku.optional(), cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();

export const BatchParams = z.object({ id: z.string().min(1).max(200), batchNo: BatchNo });

export const TraceQuery = z
  .object({ cursor: z.string().regex(/^\d{1,19}$/, 'a cursor this API issued').optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) })
  .strict();

const TracedShipment = z
  .object({
    id: z.string(),
    orderNo: z.string(),
    mode: z.string(),
    status: z.string(),
    createdAt: z.string(),
    declaration: z.object({ preNo: z.string().nullable(), invtNo: z.string().nullable(), entryId: z.string().nullable() }),
  })
  .meta({ id: 'TracedShipment' });

export const BatchTrace = z
  .object({
    product: Product.omit({ batches: true }),
    batch: Batch.nullable().meta({ description: 'null when shipments name a batch that was never registered' }),
    lines: z.array(
      z.object({
        lineNo: z.number().int(),
        qty: z.string(),
        amount: z.string(),
        currency: z.string(),
        shipment: TracedShipment,
        buyer: z
          .object({ name: z.string(), idNumber: z.string() })
          .nullable()
          .meta({ description: '1210 imports: the orderer, masked (张* / 5117********1238); null for exports' }),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'BatchTrace' });

export const ShipmentTrace = z
  .object({
    shipment: TracedShipment,
    lines: z.array(
      z.object({
        lineNo: z.number().int(),
        sku: z.string(),
        hsCode: z.string(),
        qty: z.string(),
        batchNo: z.string().nullable(),
        product: Product.omit({ batches: true }).nullable().meta({ description: 'null when the sku is not a registered product' }),
        batch: Batch.nullable(),
      }),
    ),
  })
  .meta({ id: 'ShipmentTrace' });
