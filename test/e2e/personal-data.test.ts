import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETENTION_FLOOR_DAYS } from '../../domain/retention.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import type { personalDataRetentionWorkflow } from '../../workflows/retention.workflow.js';
import { shipment9610 } from '../support/fixtures.js';
import { enterBondedStock, order1210, readers } from '../support/imports.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';
import { ensureRetentionSchedule } from '../../worker/retention-schedule.js';
import { RETENTION_SCHEDULE_ID, type RetentionResult } from '../../workflows/retention-contract.js';

/**
 * Issue 14, finding 10: after a 9610 and a 1210 shipment have run end to end, no table of the
 * platform's database holds the buyer's name, ID number, phone or address in clear; the owner
 * still sees its shipment; the retention workflow, judged at an injected "now" past the
 * legal period, removes the personal data and leaves the shipment's figures as they were.
 */
let p: Platform;
let reaches: ReturnType<typeof readers>['reaches'];
beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
  ({ reaches } = readers(p));
  await enterBondedStock(p, 'PII-ENTRY-1', [{ sku: 'AU-MILK-900', name: '婴儿配方奶粉', qty: 10 }, { sku: 'FR-SERUM-30', name: '精华液', qty: 10 }]);
});
afterAll(async () => p?.stop());

// values that appear nowhere else in the platform, so that a hit is this buyer's data
const base = order1210('PII-1210-1', 77);
const order: Extract<ShipmentCreate, { mode: '1210' }> = {
  ...base,
  buyer: { ...base.buyer, name: '欧阳娜娜', telephone: '13912345678', registerNo: 'buyer-pii-7777' },
  consignee: { ...base.consignee, name: '欧阳明远', telephone: '13987654321', address: '四川省达州市通川区隐私路 88 号' },
  payment: { ...base.payment, payer: { name: '欧阳娜娜', idNumber: base.buyer.idNumber } },
  items: base.items.map((i) => (i.sku === 'AU-MILK-900' ? { ...i, batchNo: 'PII-B1' } : i)),
};
const personal = [order.buyer.name, order.buyer.idNumber, order.buyer.telephone, order.buyer.registerNo, order.consignee.name, order.consignee.telephone, order.consignee.address];

/** Every text, varchar, json and jsonb column of every table, searched for each value: the hits as `table.column: value`. */
async function scan(values: string[]): Promise<string[]> {
  const columns = await p.db.$queryRaw<{ table: string; column: string }[]>`
    SELECT table_name::text AS "table", column_name::text AS "column" FROM information_schema.columns
    WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY') AND table_name <> '_prisma_migrations'`;
  const hits: string[] = [];
  for (const { table, column } of columns) {
    for (const v of values) {
      const [row] = await p.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}" WHERE position($1 in "${column}"::text) > 0`, v);
      if (row!.n > 0n) hits.push(`${table}.${column}: ${v}`);
    }
  }
  return hits;
}

describe('buyers\' personal data at rest', () => {
  let id1210: string;
  let id9610: string;

  it('stores none of a buyer\'s personal values in clear after a 9610 and a 1210 have completed', async () => {
    const product = await p.api.POST('/v1/products', { body: { sku: 'AU-MILK-900', hsCode: '1901101000', name: '婴儿配方奶粉', spec: '900g/罐', origin: '601', manufacturer: 'Example Dairy Pty Ltd' } });
    expect(product.response.status).toBe(201);
    expect((await p.api.POST('/v1/products/{id}/batches', { params: { path: { id: product.data!.id } }, body: { batchNo: 'PII-B1', producedOn: '2026-01-01' } })).response.status).toBe(201);
    const a = await p.api.POST('/v1/shipments', { body: shipment9610('PII-9610-1') });
    const b = await p.api.POST('/v1/shipments', { body: order });
    expect([a.response.status, b.response.status]).toEqual([202, 202]);
    id9610 = a.data!.id;
    id1210 = b.data!.id;
    expect((await reaches(id9610, ['COMPLETED', 'FAILED'])).status).toBe('COMPLETED');
    expect((await reaches(id1210, ['COMPLETED', 'FAILED'])).status).toBe('COMPLETED');
    // the scan finds what it looks for: the enterprise's own name is stored in clear
    expect(await scan(['达州'])).not.toEqual([]);
    expect(await scan(personal)).toEqual([]);
  });

  it('still shows the owner its shipment, and the trace the buyer masked', async () => {
    const detail = await p.api.GET('/v1/shipments/{id}', { params: { path: { id: id1210 } } });
    expect(detail.data).toMatchObject({ id: id1210, orderNo: 'PII-1210-1', mode: '1210', status: 'COMPLETED', amounts: { currency: 'CNY' } });
    const product = (await p.api.GET('/v1/products', { params: { query: { sku: 'AU-MILK-900' } } })).data!.items[0]!;
    const trace = await p.api.GET('/v1/products/{id}/batches/{batchNo}/trace', { params: { path: { id: product.id, batchNo: 'PII-B1' } } });
    expect(trace.data!.lines).toEqual([expect.objectContaining({ shipment: expect.objectContaining({ id: id1210 }), buyer: { name: '欧***', idNumber: `${order.buyer.idNumber.slice(0, 4)}********${order.buyer.idNumber.slice(-4)}` } })]);
  });

  it('removes the personal data once the retention period has passed, and the figures stay', async () => {
    const before = (await p.api.GET('/v1/shipments/{id}', { params: { path: { id: id1210 } } })).data!;
    const row = await p.db.shipment.findUniqueOrThrow({ where: { id: id1210 } });
    const now = new Date(row.completedAt!.getTime() + (RETENTION_FLOOR_DAYS + 1) * 86_400_000).toISOString();
    const result = await p.temporal.workflow.execute<typeof personalDataRetentionWorkflow>('personalDataRetentionWorkflow', {
      workflowId: `personal-data-retention-test-${Date.now()}`, taskQueue: p.config.TEMPORAL_TASK_QUEUE, args: [{ now }],
    });
    expect(result.purged.shipments).toBe(1);
    expect(result.purged.inboundMessages).toBeGreaterThan(0);
    const after = await p.db.shipment.findUniqueOrThrow({ where: { id: id1210 } });
    expect(after).toMatchObject({ buyerIdHash: null, personalDataPurgedAt: new Date(now), valueCny: row.valueCny, goodsValue: row.goodsValue, status: 'COMPLETED' });
    expect((after.request as { buyer: { name: unknown } }).buyer.name).toBeNull();
    expect((await p.api.GET('/v1/shipments/{id}', { params: { path: { id: id1210 } } })).data).toEqual(before);
    // the 9610 names no person and is left as it was
    expect((await p.db.shipment.findUniqueOrThrow({ where: { id: id9610 } })).personalDataPurgedAt).toBeNull();
  });

  it('runs every day at 03:30 China time from the personal-data-retention Schedule', async () => {
    const handle = p.temporal.schedule.getHandle(RETENTION_SCHEDULE_ID);
    await handle.delete().catch(() => undefined);
    try {
      expect(await ensureRetentionSchedule(p.temporal, p.config)).toBe('created');
      const d = await handle.describe();
      expect(d.spec.timezone).toBe('Asia/Shanghai');
      expect(d.spec.calendars![0]).toMatchObject({ hour: [{ start: 3, end: 3 }], minute: [{ start: 30, end: 30 }] });
      expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'personalDataRetentionWorkflow', taskQueue: p.config.TEMPORAL_TASK_QUEUE, args: [{}] });
      const next = d.info.nextActionTimes[0]!;
      expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([19, 30]); // 03:30 in Beijing
      await handle.trigger();
      const workflowId = await eventually(async () => (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId, 'the triggered run');
      const result = await p.temporal.workflow.getHandle<() => Promise<RetentionResult>>(workflowId).result();
      // judged at the real now: nothing is old enough, nothing was left in clear
      expect(result).toMatchObject({ purged: { shipments: 0, inboundMessages: 0 }, backfilled: { shipments: 0, inboundMessages: 0 } });
      expect(await ensureRetentionSchedule(p.temporal, p.config)).toBe('updated');
    } finally {
      await handle.delete().catch(() => undefined);
    }
  });
});
