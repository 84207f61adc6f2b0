import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startPlatform, type Platform } from '../support/platform.js';
import { shipment9610 } from '../support/fixtures.js';
import { effectsFor } from '../support/ledger.js';
import { SearchAttr } from '../../workflows/contract.js';
import { captureHistory } from '../support/histories.js';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { countActions } from '../../scripts/bench/actions.js';
import { inboxMessages } from '../support/inbox.js';

let p: Platform;
beforeAll(async () => {
  // no SLA watch here: at this time scale a 2-hour service level lasts 8 ms, and this file counts
  // what a shipment on time costs (the watch is tested in shipment-paths.test.ts)
  p = await startPlatform({ timeScale: 864_000, env: { SLA_WATCH_MS: '0' } });
});
afterAll(async () => p?.stop());

async function statusOf(id: string) {
  const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
  return data;
}

describe('a 9610 export shipment through the REST API', () => {
  it('runs from order to FX settlement and shows each stage', async () => {
    const body = shipment9610('HAPPY-001');
    const created = await p.api.POST('/v1/shipments', { body });
    expect(created.response.status).toBe(202);
    const id = created.data!.id;
    expect(id).toBe(`shipment:${p.enterpriseId}:HAPPY-001`);
    expect(created.response.headers.get('location')).toBe(`/v1/shipments/${encodeURIComponent(id)}`);

    const done = await eventually(async () => {
      const s = await statusOf(id);
      return s?.status === 'COMPLETED' ? s : undefined;
    }, 'COMPLETED');

    expect(done.declaration.invtNo).toMatch(/^7901\d{4}E\d{9}$/);
    expect(done.declaration.preNo).toMatch(/^B\d{8}\d{9}$/);
    expect(done.transport.bookingNo).toBeTruthy();
    expect(done.tax.recordNo).toBeTruthy();
    expect(done.amounts.currency).toBe('EUR');
    expect(Number(done.amounts.goodsValue)).toBeCloseTo(2 * 18.9 + 25, 5);
    // proceeds (goods + freight) converted at the settlement rate, to the fen
    const proceeds = 2 * 18.9 + 25 + 12.5;
    expect(Number(done.amounts.cnyAmount)).toBeCloseTo(proceeds * Number(done.amounts.fxRate), 1);
    const types = done.timeline.map((e) => e.type);
    for (const t of ['ACCEPTED', 'DATA_PUSH', 'BOOKED', 'DECLARED', 'LOGIC_CHECK_PASSED', 'FIRST_LEG', 'CUSTOMS_REVIEW', 'RELEASED', 'DEPARTED', 'BORDER_CROSSED', 'ARRIVED', 'TAX_RECORDED', 'FUNDS_RECEIVED', 'FX_SETTLED', 'COMPLETED']) {
      expect(types).toContain(t);
    }
    expect(done.timeline.map((e) => e.seq)).toEqual([...done.timeline.map((e) => e.seq)].sort((a, b) => a - b));
    await captureHistory(p.temporal, id, '9610-happy-path');
  });

  it('performs each outside effect exactly once', async () => {
    const id = `shipment:${p.enterpriseId}:HAPPY-001`;
    const sw = await effectsFor(p.simUrls.singleWindow, id);
    expect(sw.map((e) => e.operation).sort()).toEqual(['CEB303Message', 'CEB505Message', 'CEB507Message', 'CEB509Message', 'CEB603Message']);
    expect(sw.every((e) => e.requests >= 1)).toBe(true);
    const rail = await effectsFor(p.simUrls.rail, id);
    expect(rail).toHaveLength(2); // booking + loading confirmation
    const bank = await effectsFor(p.simUrls.bank, id);
    expect(bank).toHaveLength(3); // collection, quote, settlement
    expect(await effectsFor(p.simUrls.tax, id)).toHaveLength(1);
  });

  it('costs at most 30 Temporal actions, signalled only the receipts and milestones its flow waits for', async () => {
    const id = `shipment:${p.enterpriseId}:HAPPY-001`;
    const history = await p.temporal.workflow.getHandle(id).fetchHistory();
    const count = countActions((JSON.parse(historyToJSON(history)) as { events: Parameters<typeof countActions>[0] }).events);
    const receiptSignals = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'receiptReceived').length;
    expect(count.actions).toBeLessThanOrEqual(30);
    expect(count.timers).toBe(0);
    expect(count.upserts).toBe(1); // ShipmentStatus COMPLETED; ON_TRACK was set at start
    // every receipt is stored; those between the awaited statuses are not signalled
    const stored = await inboxMessages(p, { where: { system: 'single-window' }, bodyContains: 'CEB' });
    expect(stored.filter((m) => m.outcome === 'IGNORED').length).toBeGreaterThan(0);
    expect(receiptSignals).toBeLessThan(stored.length);
  });

  it('is findable in Temporal by its search attributes', async () => {
    const id = `shipment:${p.enterpriseId}:HAPPY-001`;
    const description = await p.temporal.workflow.getHandle(id).describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.typedSearchAttributes.get(SearchAttr.CustomsMode)).toBe('9610');
    const found = await eventually(async () => {
      const ids: string[] = [];
      for await (const wf of p.temporal.workflow.list({ query: `CustomsMode='9610' AND EnterpriseId='${p.enterpriseId}' AND ShipmentStatus='COMPLETED'` })) ids.push(wf.workflowId);
      return ids.includes(id) ? ids : undefined;
    }, 'visibility');
    expect(found).toContain(id);
  });

  it('answers a repeated identical create with the same id, and a different body with 409', async () => {
    const body = shipment9610('HAPPY-001');
    const again = await p.api.POST('/v1/shipments', { body });
    expect(again.response.status).toBe(200);
    expect(again.data?.id).toBe(`shipment:${p.enterpriseId}:HAPPY-001`);
    const changed = await p.api.POST('/v1/shipments', { body: { ...body, freight: 99 } });
    expect(changed.response.status).toBe(409);
    expect(changed.error).toMatchObject({ code: 'SHIPMENT_ORDER_CONFLICT' });
  });

  it("lists only the caller's shipments and hides them from other enterprises", async () => {
    const list = await p.api.GET('/v1/shipments', { params: { query: { mode: '9610' } } });
    expect(list.data?.items.map((s) => s.orderNo)).toContain('HAPPY-001');
    const other = await p.otherApi.GET('/v1/shipments', { params: { query: {} } });
    expect(other.data?.items).toEqual([]);
    const peek = await p.otherApi.GET('/v1/shipments/{id}', { params: { path: { id: `shipment:${p.enterpriseId}:HAPPY-001` } } });
    expect(peek.response.status).toBe(404);
  });
});
