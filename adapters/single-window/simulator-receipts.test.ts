import { describe, expect, it } from 'vitest';
import { eventually, useSimulator } from '../kit/testing.js';
import { parseReceipts } from './ceb/index.js';
import { createSingleWindowClient } from './client.js';
import { documentRequest, exampleShipment, RECEIPT_WAIT_MS, receiptCallbacks } from './contract.js';
import { buildCustomsMessage } from './mapping.js';
import { createReceiptQuery } from './client-receipts.js';
import { RECEIPT_PAGE_MAX, RECEIPTS_PATH, receiptCallbackBody } from './receipt-query.js';
import { routeReceipt } from './routing.js';
import { createSingleWindowSimulator } from './simulator.js';

const sim = useSimulator((callback) => createSingleWindowSimulator({ timeScale: 86_400_000, callback }), receiptCallbacks('single-window-callback-secret'));

let orders = 0;
async function declareOrder() {
  const req = documentRequest(exampleShipment({ orderNo: `RB${Date.now()}${++orders}` }), 'ORDER', {}, 0);
  const msg = buildCustomsMessage(req);
  await createSingleWindowClient({ baseUrl: sim.baseUrl }).submit(msg, req.idempotencyKey);
  return msg.businessKey;
}

describe('the simulated gateway keeps the receipts it issued for its query', () => {
  it('answers every receipt, delivered or lost, oldest first, from a cursor', async () => {
    await sim.control('/_control/reset', {});
    const query = createReceiptQuery({ baseUrl: sim.baseUrl });
    await declareOrder();
    // the order's receipt 2 was posted to the callback receiver
    await eventually(() => (sim.received.length >= 1 ? true : undefined), RECEIPT_WAIT_MS);
    // the next order's receipt never reaches the receiver: all of its callback attempts lost
    await sim.control('/_control/faults', { callbackLossRate: 1 });
    const lost = await declareOrder();
    const all = await eventually(async () => {
      const page = await query.after(0, RECEIPT_PAGE_MAX);
      return page.length >= 2 ? page : undefined;
    }, RECEIPT_WAIT_MS);
    await sim.control('/_control/faults', { callbackLossRate: 0 });

    expect(sim.received).toHaveLength(1);
    // the delivered one is the body its callback carried, byte for byte
    expect(receiptCallbackBody(all[0]!.message)).toBe(sim.received[0]!.raw);
    const lostReceipt = parseReceipts(all[1]!.message)[0]!;
    expect(routeReceipt(lostReceipt)).toEqual({ docType: 'ORDER', businessKey: lost });
    expect(lostReceipt.returnStatus).toBe('2');
    expect(all[1]!.seq).toBe(all[0]!.seq + 1);
    expect(Date.parse(all[1]!.issuedAt)).toBeGreaterThanOrEqual(Date.parse(all[0]!.issuedAt));
    // from a cursor: only what came after it
    expect((await query.after(all[0]!.seq, RECEIPT_PAGE_MAX)).map((r) => r.seq)).toEqual([all[1]!.seq]);
    expect(await query.after(all[1]!.seq, RECEIPT_PAGE_MAX)).toEqual([]);
    expect((await query.after(0, 1)).map((r) => r.seq)).toEqual([all[0]!.seq]);
  });

  it('refuses a cursor or a page size out of range with a 400 naming it', async () => {
    for (const [q, field] of [['after=-1', 'after'], ['after=x', 'after'], ['limit=0', 'limit'], [`limit=${RECEIPT_PAGE_MAX + 1}`, 'limit']] as const) {
      const res = await fetch(`${sim.baseUrl}${RECEIPTS_PATH}?${q}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(new RegExp(`^${field}:`));
    }
  });

  it('forgets them on reset', async () => {
    await declareOrder();
    await eventually(async () => ((await createReceiptQuery({ baseUrl: sim.baseUrl }).after(0, 10)).length > 0 ? true : undefined), RECEIPT_WAIT_MS);
    await sim.control('/_control/reset', {});
    expect(await createReceiptQuery({ baseUrl: sim.baseUrl }).after(0, 10)).toEqual([]);
  });
});
