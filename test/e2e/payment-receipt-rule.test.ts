import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startPlatform, type Platform } from '../support/platform.js';
import { shipment9610 } from '../support/fixtures.js';
import { effectsFor } from '../support/ledger.js';

// A zone whose rule date still requires the receipt of payment (CEB403, dropped nationally
// from 2024-12-15): the date is configuration, so a shipment accepted before it files CEB403.
let p: Platform;
beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000, env: { PAYMENT_RECEIPT_REQUIRED_UNTIL: '2999-01-01' } });
});
afterAll(async () => p?.stop());

describe('configurable filing rules', () => {
  it('files the receipt of payment (CEB403) while the rule date requires it', async () => {
    const created = await p.api.POST('/v1/shipments', { body: shipment9610('RULE-403') });
    const id = created.data!.id;
    await eventually(async () => {
      const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
      return data?.status === 'COMPLETED' ? data : undefined;
    }, 'COMPLETED');
    const ops = (await effectsFor(p.simUrls.singleWindow, id)).map((e) => e.operation);
    expect(ops).toContain('CEB403Message');
    const state = (await fetch(`${p.simUrls.singleWindow}/_state`).then((r) => r.json())) as { documents: Record<string, { docType: string; status: string }> };
    const receipts = Object.values(state.documents).filter((d) => d.docType === 'PAYMENT_RECEIPT');
    expect(receipts).toHaveLength(1);
    expect(['2', '120']).toContain(receipts[0]!.status);
  });
});
