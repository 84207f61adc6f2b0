import { describe, expect, it } from 'vitest';
import { useScratchPostgres } from '../test/support/db.js';
import type { ProjectionUpdate } from '../domain/projection.js';
import { appendEvent, decodeEventCursor, encodeEventCursor, eventBody, OUTBOX_START, readOutbox, shipmentEventId } from './events.js';
import { applyProjectionUpdate } from './projection.js';
import { createProjectionActivities } from '../activities/projection.activities.js';

// A PostgreSQL database of its own: real concurrent transactions decide what the feed may show.
const scratch = useScratchPostgres('outbox');

async function shipment(enterpriseId: string, orderNo: string): Promise<string> {
  const id = `shipment:${enterpriseId}:${orderNo}`;
  await scratch.db.enterprise.upsert({ where: { id: enterpriseId }, create: { id: enterpriseId, name: enterpriseId, customsCode: `${enterpriseId.slice(-4)}000001` }, update: {} });
  await scratch.db.shipment.create({ data: { id, enterpriseId, orderNo, mode: '9610', corridor: 'CR_EXPRESS_CHENGDU', status: 'RECEIVED', stage: 'order', requestHash: 'test', request: {}, currency: 'EUR', goodsValue: '1' } });
  return id;
}

const update = (shipmentId: string, seq: number, type: string, status: string, fields: ProjectionUpdate['fields'] = {}): ProjectionUpdate => ({
  shipmentId, seq, at: new Date(Date.UTC(2026, 10, 26, 12, 0, seq)).toISOString(), stage: 'transit', status, type, info: `step ${seq}`, fields, terminal: false,
});

/** Every event of an enterprise the feed shows now (all pages). */
async function feed(enterpriseId: string): Promise<ReturnType<typeof eventBody>[]> {
  const out: ReturnType<typeof eventBody>[] = [];
  let after = OUTBOX_START;
  for (;;) {
    const rows = await readOutbox(scratch.db, { after, limit: 2, enterpriseId });
    if (rows.length === 0) return out;
    out.push(...rows.map(eventBody));
    after = rows.at(-1)!;
  }
}

describe('the event outbox', () => {
  it('writes one event per timeline entry with the projection, typed from the catalogue, and none again on a repeated write', async () => {
    const id = await shipment('ent-outbox-a', 'OB-1');
    await applyProjectionUpdate(scratch.db, update(id, 1, 'ACCEPTED', 'RECEIVED'));
    await applyProjectionUpdate(scratch.db, update(id, 2, 'DEPARTED', 'IN_TRANSIT', { bookingNo: 'BK-1' }));
    await applyProjectionUpdate(scratch.db, update(id, 2, 'DEPARTED', 'IN_TRANSIT', { bookingNo: 'BK-1' }));
    await applyProjectionUpdate(scratch.db, update(id, 3, 'FX_SETTLED', 'FX_SETTLEMENT', { cnyAmount: '700.10' }));
    expect(await scratch.db.enterpriseEvent.count({ where: { enterpriseId: 'ent-outbox-a' } })).toBe(3);
    // other databases' transactions on the same server may hold the horizon back for a moment
    await expect.poll(async () => (await feed('ent-outbox-a')).map((e) => [e.type, e.sequence, e.data.timelineType]), { timeout: 10_000 }).toEqual([
      ['shipment.status_changed', 1, 'ACCEPTED'], ['transport.milestone', 2, 'DEPARTED'], ['fx.settled', 3, 'FX_SETTLED'],
    ]);
    const events = await feed('ent-outbox-a');
    expect(events[1]).toMatchObject({ id: shipmentEventId(id, 2), shipmentId: id, orderingKey: id, version: 1, data: { status: 'IN_TRANSIT', fields: { bookingNo: 'BK-1' } } });
    expect(await feed('ent-outbox-other')).toEqual([]);
  });

  it('never lets a cursor pass an event whose transaction commits late', async () => {
    const ent = 'ent-outbox-late';
    const event = (n: number) => ({ id: `evt_late_${n}`, enterpriseId: ent, type: 'stock.received', orderingKey: `stock:${ent}`, occurredAt: new Date(), data: { n } });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let written!: () => void;
    const wroteEarly = new Promise<void>((r) => (written = r));
    // the early transaction takes its row number first and commits last
    const early = scratch.db.$transaction(async (tx) => {
      await appendEvent(tx, event(1));
      written();
      await gate;
    }, { timeout: 30_000 });
    await wroteEarly;
    await appendEvent(scratch.db, event(2));
    expect(await feed(ent)).toEqual([]);
    release();
    await early;
    // other databases' transactions on the same server may hold the horizon back for a moment
    await expect.poll(async () => (await feed(ent)).map((e) => e.id), { timeout: 10_000 }).toEqual(['evt_late_1', 'evt_late_2']);
  });

  it('writes stock.received once with the stock entry counted in', async () => {
    const ent = 'ent-outbox-stock';
    await scratch.db.enterprise.create({ data: { id: ent, name: ent, customsCode: 'STOCK00001' } });
    await scratch.db.stockEntry.create({ data: { id: 'stock-entry:s1', enterpriseId: ent, system: 'bonded-warehouse', warehouseCode: 'CD-B-01', entryNo: 's1', lines: { hash: 'h', lines: [] }, status: 'ANNOUNCED' } });
    const acts = createProjectionActivities({ db: scratch.db });
    const counted = { entryId: 'stock-entry:s1', status: 'RECEIVED_WITH_DISCREPANCY', inboundNo: 'IN-1', discrepancies: [{ sku: 'A', announced: 2, received: 1 }] };
    await acts.projectStockEntry(counted);
    await acts.projectStockEntry(counted);
    expect(await scratch.db.enterpriseEvent.count({ where: { enterpriseId: ent } })).toBe(1);
    await expect.poll(async () => (await feed(ent)).length, { timeout: 10_000 }).toBe(1);
    const events = await feed(ent);
    expect(events[0]).toMatchObject({ type: 'stock.received', shipmentId: null, orderingKey: `stock:${ent}`, data: { inboundNo: 'IN-1', discrepancies: [{ sku: 'A', received: 1 }] } });
  });

  it('encodes a cursor that names its position and refuses one it did not issue', () => {
    expect(decodeEventCursor(encodeEventCursor({ txid: 12n, seq: 345n }))).toEqual({ txid: 12n, seq: 345n });
    expect(() => decodeEventCursor('bm90LWEtY3Vyc29y')).toThrow(/not one this API issued/);
  });
});
