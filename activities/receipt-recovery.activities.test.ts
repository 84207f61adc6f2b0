import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, useSimulator } from '../adapters/kit/testing.js';
import { createSingleWindowClient } from '../adapters/single-window/client.js';
import { createReceiptQuery } from '../adapters/single-window/client-receipts.js';
import { documentRequest, exampleShipment, RECEIPT_WAIT_MS, receiptCallbacks } from '../adapters/single-window/contract.js';
import { buildCustomsMessage } from '../adapters/single-window/mapping.js';
import { receiptCallbackBody, type ReceiptQuery } from '../adapters/single-window/receipt-query.js';
import { createSingleWindowSimulator } from '../adapters/single-window/simulator.js';
import { FieldCipher } from '../codec/field-cipher.js';
import { DEV_PAYLOAD_KEYS } from '../codec/keys.js';
import { storeCallback } from '../api/callbacks/inbox.js';
import { bodyHashOf } from '../db/inbox-store.js';
import { createTestDatabase } from '../test/support/db.js';
import { createReceiptRecoveryActivities } from './receipt-recovery.activities.js';

/**
 * The receipt recovery's activity on a real database against the simulated gateway over HTTP:
 * receipts whose callback never arrived go into the callback inbox, due for delivery; those that
 * arrived, and those issued after `before`, are left alone; the cursor keeps its place. The
 * delivery by the inbox, signal included, runs in test/e2e/receipt-recovery.test.ts.
 */
const sim = useSimulator((callback) => createSingleWindowSimulator({ timeScale: 86_400_000, callback }), receiptCallbacks('single-window-callback-secret'));
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const cipher = new FieldCipher(DEV_PAYLOAD_KEYS);
let query: ReceiptQuery;
const recovery = (q: ReceiptQuery | undefined = query) => createReceiptRecoveryActivities({ db: database.db, receiptQuery: q, personalData: { cipher } });
beforeAll(async () => {
  database = await createTestDatabase();
  query = createReceiptQuery({ baseUrl: sim.baseUrl });
});
afterAll(async () => database.drop());

let orders = 0;
async function declareOrder(): Promise<void> {
  const req = documentRequest(exampleShipment({ orderNo: `RR${Date.now()}${++orders}` }), 'ORDER', {}, 0);
  await createSingleWindowClient({ baseUrl: sim.baseUrl }).submit(buildCustomsMessage(req), req.idempotencyKey);
}
const issued = (n: number) => eventually(async () => {
  const all = await query.after(0, 500);
  return all.length >= n ? all : undefined;
}, RECEIPT_WAIT_MS);
const inbox = () => database.db.inboundMessage.findMany({ where: { system: 'single-window' }, orderBy: { id: 'asc' } });
const cursor = async () => Number((await database.db.receiptQueryCursor.findUnique({ where: { system: 'single-window' } }))?.seq ?? 0);
const later = () => new Date(Date.now() + 60_000).toISOString();

describe('receipt recovery (activity)', () => {
  it('stores the receipts whose callback never arrived, due at once; skips the others; keeps its place', async () => {
    await declareOrder(); // its callback arrives: stored as the API's callback route stores it
    await eventually(() => (sim.received.length >= 1 ? true : undefined), RECEIPT_WAIT_MS);
    const raw = sim.received[0]!.raw;
    expect(await storeCallback(database.db, cipher, { system: 'single-window', signature: 'sig-1', bodyHash: bodyHashOf('single-window', raw), contentType: 'application/x-www-form-urlencoded', body: raw })).toBe('STORED');
    await database.db.inboundMessage.updateMany({ data: { outcome: 'DELIVERED' } });

    await sim.control('/_control/faults', { callbackLossRate: 1 });
    await declareOrder();
    await declareOrder();
    const all = await issued(3);
    await sim.control('/_control/faults', { callbackLossRate: 0 });
    expect(sim.received).toHaveLength(1);

    expect(await recovery().recoverReceipts({ before: later() })).toEqual({ read: 3, recovered: 2, cursor: all[2]!.seq });
    const rows = await inbox();
    expect(rows.map((r) => cipher.open(r.body))).toEqual(all.map((r) => receiptCallbackBody(r.message)));
    expect(rows.map((r) => r.outcome)).toEqual(['DELIVERED', 'RECEIVED', 'RECEIVED']);
    // due for the inbox redelivery now, not after the 10 s a just-received callback is given
    expect(rows.slice(1).every((r) => r.nextAttemptAt.getTime() <= Date.now())).toBe(true);
    expect(await cursor()).toBe(all[2]!.seq);

    // the next run starts after the cursor: nothing new, nothing read
    expect(await recovery().recoverReceipts({ before: later() })).toEqual({ read: 0, recovered: 0, cursor: all[2]!.seq });
  });

  it('leaves receipts issued after `before` for a later run, and never moves the cursor back', async () => {
    const start = await cursor();
    await declareOrder();
    const young = (await issued(4))[3]!;
    expect(await recovery().recoverReceipts({ before: young.issuedAt })).toEqual({ read: 0, recovered: 0, cursor: start });
    expect(await cursor()).toBe(start);
    expect(await recovery().recoverReceipts({ before: later() })).toMatchObject({ read: 1, cursor: young.seq });

    // an overlapping run that read less finishes later: the cursor stays where it was
    const all = await issued(4);
    const behind: ReceiptQuery = { after: async () => [all[1]!] };
    await createReceiptRecoveryActivities({ db: database.db, receiptQuery: behind, personalData: { cipher } }).recoverReceipts({ before: later() });
    expect(await cursor()).toBe(young.seq);
  });

  it('reads nothing without a receipt query (the DXP transport)', async () => {
    expect(await recovery(undefined).recoverReceipts({ before: later() })).toEqual({ read: 0, recovered: 0, cursor: await cursor() });
  });
});
