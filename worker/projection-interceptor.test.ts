import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { useScratchPostgres } from '../test/support/db.js';
import type { ProjectionUpdate } from '../domain/projection.js';
import { PROJECTION_ARG } from '../domain/projection.js';
import { projectionInterceptor } from './projection-interceptor.js';

// A PostgreSQL database of its own: the writes are the real sequence-guarded projection writes.
const scratch = useScratchPostgres('projection_ride');

async function shipment(orderNo: string): Promise<string> {
  const id = `shipment:ent-ride:${orderNo}`;
  await scratch.db.enterprise.upsert({ where: { id: 'ent-ride' }, create: { id: 'ent-ride', name: 'Ride test', customsCode: 'RIDE000001' }, update: {} });
  await scratch.db.shipment.create({ data: { id, enterpriseId: 'ent-ride', orderNo, mode: '9610', corridor: 'CR_EXPRESS_CHENGDU', status: 'RECEIVED', stage: 'order', requestHash: 'test', request: {}, currency: 'EUR', goodsValue: '1' } });
  return id;
}

const update = (shipmentId: string, seq: number, status: string, slaDueAt: string | null): ProjectionUpdate => ({
  shipmentId, seq, at: new Date(Date.UTC(2026, 10, 26, 12, 0, seq)).toISOString(), stage: 'data-push', status, type: status, info: `step ${seq}`, fields: {}, terminal: false, slaDueAt,
});

describe('projection writes riding with an activity (lean history)', () => {
  it('applies them before the activity runs, and the activity gets its argument without them', async () => {
    const id = await shipment('RIDE-1');
    const env = new MockActivityEnvironment(undefined, { interceptors: [projectionInterceptor(scratch.db)] });
    const seen: unknown[] = [];
    const due = '2026-11-26T14:00:00.000Z';
    const result = await env.run(async (arg: { n: number }) => {
      seen.push(arg, (await scratch.db.shipment.findUniqueOrThrow({ where: { id } })).status);
      return arg.n * 2;
    }, { n: 21, [PROJECTION_ARG]: [update(id, 1, 'RECEIVED', null), update(id, 2, 'DATA_PUSH', due)] });
    expect(result).toBe(42);
    expect(seen).toEqual([{ n: 21 }, 'DATA_PUSH']);
    const row = await scratch.db.shipment.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { seq: 'asc' } } } });
    expect(row.events.map((e) => e.type)).toEqual(['RECEIVED', 'DATA_PUSH']);
    expect(row.slaDueAt?.toISOString()).toBe(due);
  });

  it('writes nothing twice when a retried attempt carries them again, and never moves the row back', async () => {
    const id = await shipment('RIDE-2');
    const env = new MockActivityEnvironment(undefined, { interceptors: [projectionInterceptor(scratch.db)] });
    await env.run(async () => undefined, { [PROJECTION_ARG]: [update(id, 1, 'DATA_PUSH', null), update(id, 2, 'DECLARING', null)] });
    await env.run(async () => undefined, { [PROJECTION_ARG]: [update(id, 1, 'DATA_PUSH', null)] });
    const row = await scratch.db.shipment.findUniqueOrThrow({ where: { id }, include: { events: true } });
    expect(row.status).toBe('DECLARING');
    expect(row.events).toHaveLength(2);
  });

  it('passes an argument without writes through untouched', async () => {
    const env = new MockActivityEnvironment(undefined, { interceptors: [projectionInterceptor(scratch.db)] });
    expect(await env.run(async (a: string, b: number) => `${a}${b}`, 'x', 1)).toBe('x1');
  });
});
