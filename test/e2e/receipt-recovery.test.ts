import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptCallbackBody } from '../../adapters/single-window/receipt-query.js';
import { shipment9610 } from '../support/fixtures.js';
import { inboxMessages } from '../support/inbox.js';
import { control } from '../support/ledger.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';
import { ensureReceiptRecoverySchedule } from '../../worker/receipt-recovery-schedule.js';
import { RECEIPT_RECOVERY_SCHEDULE_ID } from '../../workflows/receipt-recovery-contract.js';

/**
 * The Chengdu gateway gives up on a receipt after six callback attempts (ceb-messages.md §3.4):
 * one issued while the API was down or overloaded never arrives. The `receipt-recovery` Schedule
 * reads the gateway's receipts back and hands the missing ones to the callback inbox
 * (workflows/receipt-recovery.workflow.ts), so such a shipment still completes.
 */
let p: Platform;
beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000, env: { SLA_WATCH_MS: '0', RECEIPT_QUERY_EVERY_S: '1', RECEIPT_QUERY_LAG_S: '0', CALLBACK_REDELIVERY_MS: '250' } });
  expect(await ensureReceiptRecoverySchedule(p.temporal, p.config)).toBe('created');
});
afterAll(async () => {
  await p?.temporal.schedule.getHandle(RECEIPT_RECOVERY_SCHEDULE_ID).delete();
  await p?.stop();
});

interface CallbackLog {
  callbacks: { delivered: boolean; attempts: number; body: string }[];
}
const callbackLog = async () => ((await (await fetch(`${p.simUrls.singleWindow}/_callbacks`)).json()) as CallbackLog).callbacks;
const receipts = async () => ((await (await fetch(`${p.simUrls.singleWindow}/cbec-gateway/rest/receipts?after=0&limit=500`)).json()) as { receipts: { seq: number; message: string }[] }).receipts;

async function completed(id: string) {
  return eventually(async () => {
    const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
    return data?.status === 'COMPLETED' || data?.status === 'FAILED' ? data : undefined;
  }, `${id} finished`);
}

describe('receipts whose callbacks never arrived', () => {
  it('a 9610 shipment none of whose Single Window callbacks arrive completes from the receipts the platform reads back', async () => {
    await control(p.simUrls.singleWindow, 'faults', { callbackLossRate: 1 });
    try {
      const created = await p.api.POST('/v1/shipments', { body: shipment9610('LOST-RECEIPTS-1') });
      expect(created.response.status).toBe(202);
      const done = await completed(created.data!.id);
      expect(done.status).toBe('COMPLETED');
      const types = done.timeline.map((e) => e.type);
      for (const t of ['LOGIC_CHECK_PASSED', 'RELEASED', 'DEPARTED', 'COMPLETED']) expect(types).toContain(t);
    } finally {
      await control(p.simUrls.singleWindow, 'faults', { callbackLossRate: 0 });
    }
    // the gateway did give up on every one of them: not one reached the API
    const log = await callbackLog();
    expect(log.length).toBeGreaterThanOrEqual(5);
    expect(log.every((c) => !c.delivered && c.attempts === 0)).toBe(true);
    // each is in the inbox as its callback would have stored it, and was processed
    const inbox = await inboxMessages(p, { where: { system: 'single-window' } });
    expect(new Set(inbox.map((m) => m.body))).toEqual(new Set(log.map((c) => c.body)));
    expect(inbox.every((m) => m.outcome !== 'RECEIVED' && m.outcome !== 'DEAD_LETTER')).toBe(true);
    expect(inbox.filter((m) => m.outcome === 'DELIVERED').length).toBeGreaterThan(0);
  });

  it('a receipt whose callback arrived is read back and left alone: the inbox holds each receipt once', async () => {
    const created = await p.api.POST('/v1/shipments', { body: shipment9610('LOST-RECEIPTS-2') });
    expect((await completed(created.data!.id)).status).toBe('COMPLETED');
    const issued = await receipts();
    // the recovery read every receipt the gateway issued
    await eventually(async () => {
      const row = await p.db.receiptQueryCursor.findUnique({ where: { system: 'single-window' } });
      return Number(row?.seq) === issued.at(-1)!.seq ? true : undefined;
    }, 'the cursor at the last receipt');
    const inbox = await inboxMessages(p, { where: { system: 'single-window' } });
    expect(inbox.map((m) => m.body).sort()).toEqual(issued.map((r) => receiptCallbackBody(r.message)).sort());
    // this shipment's callbacks all arrived (the fault was off)
    const log = await callbackLog();
    expect(log.filter((c) => c.delivered).length).toBeGreaterThanOrEqual(5);
  });
});
