import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { fieldCipher } from '../../codec/field-cipher.js';
import type { Secret } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { authenticate, requireInGoodStanding } from '../auth.js';
import { Batch, BatchCreate, BatchParams, BatchTrace, Product, ProductCreate, ProductList, ProductListQuery, ShipmentTrace, TraceQuery } from '../products.schemas.js';
import { createBatch, createProduct, getProduct, listProducts, traceBatch, traceShipment } from '../products.service.js';
import { ErrorBody, IdParams } from '../schemas.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Product traceability (商品溯源): products, batches, and traces by batch and by shipment. */
export const productRoutes =
  (deps: { db: Db; config: { PAYLOAD_KEYS: Secret } }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/products', {
      schema: { tags: ['products'], operationId: 'registerProduct', summary: 'Register a product (sku unique per enterprise)', body: ProductCreate, response: { 201: Product, ...errors } },
    }, async (req, reply) => {
      const caller = await authenticate(deps.db, req);
      await requireInGoodStanding(deps.db, caller);
      const product = await createProduct(deps.db, caller.enterpriseId, req.body);
      return reply.code(201).header('location', `/v1/products/${product.id}`).send(product);
    });

    app.get('/v1/products', {
      schema: { tags: ['products'], operationId: 'listProducts', summary: "The caller's products with their batches", querystring: ProductListQuery, response: { 200: ProductList, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      return listProducts(deps.db, caller.enterpriseId, req.query);
    });

    app.get('/v1/products/:id', {
      schema: { tags: ['products'], operationId: 'getProduct', summary: 'One product with its batches', params: IdParams, response: { 200: Product, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      return getProduct(deps.db, caller.enterpriseId, req.params.id);
    });

    app.post('/v1/products/:id/batches', {
      schema: { tags: ['products'], operationId: 'registerBatch', summary: 'Register a production batch of a product', params: IdParams, body: BatchCreate, response: { 201: Batch, ...errors } },
    }, async (req, reply) => {
      const caller = await authenticate(deps.db, req);
      await requireInGoodStanding(deps.db, caller);
      return reply.code(201).send(await createBatch(deps.db, caller.enterpriseId, req.params.id, req.body));
    });

    app.get('/v1/products/:id/batches/:batchNo/trace', {
      schema: {
        tags: ['products'],
        operationId: 'traceBatch',
        summary: 'Every shipment line of a batch, with its shipment (1210 buyers masked)',
        params: BatchParams,
        querystring: TraceQuery,
        response: { 200: BatchTrace, ...errors },
      },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      return traceBatch(deps.db, fieldCipher(deps.config), caller.enterpriseId, req.params.id, req.params.batchNo, req.query);
    });

    app.get('/v1/shipments/:id/trace', {
      schema: { tags: ['products'], operationId: 'traceShipment', summary: "Each line of a shipment with its product and batch", params: IdParams, response: { 200: ShipmentTrace, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      return traceShipment(deps.db, caller.enterpriseId, req.params.id);
    });
  };
