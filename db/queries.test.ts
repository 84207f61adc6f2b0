import { describe, expect, it } from 'vitest';
import { useScratchPostgres } from '../test/support/db.js';
import type { ProjectionUpdate } from '../domain/projection.js';
import { applyProjectionUpdate } from './projection.js';
import { getShipment } from './queries.js';
import { SUMMARY_EVENT_SEQ } from './summaries.js';

const scratch = useScratchPostgres('queries');

const update = (shipmentId: string, seq: number, type: string, status: string): ProjectionUpdate => ({
  shipmentId, seq, at: new Date(Date.UTC(2026, 10, 26, 12, 0, seq)).toISOString(), stage: 'tax', status, type, info: `${type} info`, fields: {}, terminal: false,
});

describe('one shipment with its timeline', () => {
  it('never shows a timeline entry beside the status it replaced, and always the summary declaration', async () => {
    const enterpriseId = 'ent-queries';
    const id = `shipment:${enterpriseId}:Q-1`;
    await scratch.db.enterprise.create({ data: { id: enterpriseId, name: enterpriseId, customsCode: '5100000001' } });
    await scratch.db.shipment.create({ data: { id, enterpriseId, orderNo: 'Q-1', mode: '9710', corridor: 'CR_EXPRESS_CHENGDU', status: 'RECEIVED', stage: 'order', requestHash: 'h', request: {}, currency: 'USD', goodsValue: '1' } });
    await applyProjectionUpdate(scratch.db, update(id, 1, 'ACCEPTED', 'RECEIVED'));
    await applyProjectionUpdate(scratch.db, update(id, 2, 'REFUND_APPLYING', 'TAX_FILING'));
    // what another statement commits between the read of the row and the read of its events:
    // the next entry, whose row update the first read did not see
    await scratch.db.shipmentEvent.create({ data: { shipmentId: id, seq: 3, stage: 'tax', status: 'TAX_FILING', type: 'REFUND_HELD', detail: { info: 'held' }, at: new Date() } });
    // the monthly summary's entry, which never moves the row (db/summaries.ts)
    await scratch.db.shipmentEvent.create({ data: { shipmentId: id, seq: SUMMARY_EVENT_SEQ, stage: 'tax', status: 'TAX_FILING', type: 'SUMMARY_DECLARED', detail: { info: 'declared' }, at: new Date() } });

    const seen = await getShipment(scratch.db, enterpriseId, id);
    expect(seen?.lastInfo).toBe('REFUND_APPLYING info');
    expect(seen?.timeline.map((e) => e.type)).toEqual(['ACCEPTED', 'REFUND_APPLYING', 'SUMMARY_DECLARED']);

    await applyProjectionUpdate(scratch.db, update(id, 3, 'REFUND_HELD', 'TAX_FILING'));
    expect((await getShipment(scratch.db, enterpriseId, id))?.timeline.map((e) => e.type)).toEqual(['ACCEPTED', 'REFUND_APPLYING', 'REFUND_HELD', 'SUMMARY_DECLARED']);
    expect(await getShipment(scratch.db, 'ent-someone-else', id)).toBeUndefined();
  });
});
