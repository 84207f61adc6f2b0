import { readFileSync } from 'node:fs';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { useScratchPostgres } from '../test/support/db.js';
import { DEV_PAYLOAD_KEYS, FieldCipher } from '../codec/index.js';
import { sealRequest } from '../db/personal-data.js';
import { ORDER_ARG } from '../domain/order-ref.js';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import { ORDER_UNAVAILABLE, orderInterceptor, StoredOrders } from './order-interceptor.js';

// A PostgreSQL database of its own: orders are read from real Shipment rows.
const scratch = useScratchPostgres('order_ref');
const cipher = new FieldCipher(DEV_PAYLOAD_KEYS);
const example = (mode: string) => JSON.parse(readFileSync(new URL(`../examples/shipment-${mode}.json`, import.meta.url), 'utf8')) as ShipmentCreate;

async function stored(orderNo: string, body: ShipmentCreate, purged = false): Promise<string> {
  const id = `shipment:ent-ref:${orderNo}`;
  await scratch.db.enterprise.upsert({ where: { id: 'ent-ref' }, create: { id: 'ent-ref', name: 'Ref test', customsCode: 'REF0000001' }, update: {} });
  await scratch.db.shipment.create({
    data: { id, enterpriseId: 'ent-ref', orderNo, mode: body.mode, status: 'RECEIVED', stage: 'order', requestHash: 'test', request: sealRequest(cipher, body) as object, currency: 'CNY', goodsValue: '1', ...(purged ? { personalDataPurgedAt: new Date() } : {}) },
  });
  return id;
}

const envWith = (orders = new StoredOrders(scratch.db)) => new MockActivityEnvironment(undefined, { interceptors: [orderInterceptor(orders, cipher)] });
const echo = async (arg: object): Promise<Record<string, unknown>> => arg as Record<string, unknown>;

describe('orders by reference (lean payloads)', () => {
  it('gives the activity the stored order as `request`, personal fields opened, and no reference field', async () => {
    const body = example('1210');
    const id = await stored('REF-1', body);
    const arg = await envWith().run(echo, { shipmentId: id, idempotencyKey: 'k', [ORDER_ARG]: 'request' });
    expect(arg).toEqual({ shipmentId: id, idempotencyKey: 'k', request: body });
    const row = await scratch.db.shipment.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(row.request)).not.toContain((body as { buyer: { idNumber: string } }).buyer.idNumber);
  });

  it('puts the order into a shipment input sent without it, keeping the input\'s other fields', async () => {
    const body = example('9610');
    const id = await stored('REF-2', body);
    const input = { shipmentId: id, enterprise: { id: 'ent-ref', name: 'Ref test', customsCode: 'REF0000001' }, acceptedAt: '2026-12-01T00:00:00.000Z' };
    const arg = await envWith().run(echo, { shipmentId: id, input, docType: 'ORDER', [ORDER_ARG]: 'input' });
    expect(arg).toEqual({ shipmentId: id, input: { ...input, request: body }, docType: 'ORDER' });
  });

  it('reads a shipment\'s order from the database once', async () => {
    const id = await stored('REF-3', example('9610'));
    const orders = new StoredOrders(scratch.db);
    await envWith(orders).run(echo, { shipmentId: id, [ORDER_ARG]: 'request' });
    await scratch.db.shipment.update({ where: { id }, data: { request: { mode: '9610', changed: true } } });
    const again = (await envWith(orders).run(echo, { shipmentId: id, [ORDER_ARG]: 'request' })) as Record<string, unknown>;
    expect((again.request as { orderNo: string }).orderNo).toBe(example('9610').orderNo);
  });

  it('passes an argument that carries its order (histories from before) through untouched', async () => {
    const arg = { shipmentId: 'shipment:ent-ref:OLD', request: example('9610') };
    expect(await envWith().run(echo, arg)).toEqual(arg);
    expect(await envWith().run(async (a: string, b: number) => `${a}${b}`, 'x', 1)).toBe('x1');
  });

  it('fails without retrying when the order is missing or was purged', async () => {
    const purged = await stored('REF-4', example('1210'), true);
    for (const shipmentId of [purged, 'shipment:ent-ref:NONE']) {
      const err = await envWith().run(echo, { shipmentId, [ORDER_ARG]: 'request' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApplicationFailure);
      expect(err).toMatchObject({ type: ORDER_UNAVAILABLE, nonRetryable: true });
    }
  });
});
