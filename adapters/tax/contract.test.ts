import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TransportErrorCode } from '../kit/errors.js';
import { eventually, rejection, useSimulator } from '../kit/testing.js';
import { createTaxClient } from './client.js';
import { exemptionRequest, refundRequest, taxContractSuite } from './contract.js';
import { TaxErrorCode, type TaxPort } from './port.js';
import { createTaxSimulator } from './simulator.js';

const sim = useSimulator(() => createTaxSimulator({ timeScale: 86_400_000 }));
const { ledger, control } = sim;
let port: TaxPort;

beforeAll(() => {
  port = createTaxClient({ baseUrl: sim.baseUrl });
});

taxContractSuite(async () => ({ port, ledger }));

describe('tax simulator', () => {
  it('refuses a line missing a field §3.4 requires (unit, unit price)', async () => {
    const req = exemptionRequest();
    const key = `shipment:${req.reference}:tax-exemption`;
    await port.recordExemption(req, key);
    const [entry] = await ledger(key);
    expect(entry?.result).toMatchObject({ invtNo: req.invtNo, status: 'RECORDED' });
    const res = await fetch(`${sim.baseUrl}/v1/exemption-records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `raw:${randomUUID()}` },
      body: JSON.stringify({ ...req, invtNo: '7901202519999', lines: [{ goodsName: '竹编收纳篮', qty: '1', amount: '1.00', currency: 'USD' }] }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe(TaxErrorCode.InvalidRequest);
    expect(body.message).toMatch(/unit/);
    expect(body.message).toMatch(/unitPrice/);
  });

  it('answers TAX.REJECTED when the bureau refuses the record', async () => {
    const req = exemptionRequest();
    await control('/_control/scenarios', { key: req.reference, scenario: 'reject', params: { reason: 'goods excluded from refund/exemption' } });
    const err = await rejection(port.recordExemption(req, `shipment:${req.reference}:tax-exemption`));
    expect(err).toMatchObject({ code: TaxErrorCode.Rejected, retryable: false, status: 422 });
    expect(err.message).toContain('goods excluded');
  });

  it('answers 503 during an outage, which the client reports as retryable', async () => {
    const req = exemptionRequest();
    const key = `shipment:${req.reference}:tax-exemption`;
    await control('/_control/outage', { durationMs: 60_000 });
    try {
      const err = await rejection(port.recordExemption(req, key));
      expect(err).toMatchObject({ code: TransportErrorCode.Unavailable, retryable: true, status: 503 });
    } finally {
      await control('/_control/outage', {}, 'DELETE');
    }
    expect((await port.recordExemption(req, key)).status).toBe('RECORDED');
    expect(await ledger(key)).toEqual([expect.objectContaining({ requests: 1 })]);
  });

  it('answers TAX.REJECTED when the bureau refuses a refund application', async () => {
    const req = refundRequest();
    await control('/_control/scenarios', { key: req.reference, scenario: 'reject', params: { reason: 'no export refund filing' } });
    const err = await rejection(port.applyRefund(req, `shipment:${req.reference}:tax-refund`));
    expect(err).toMatchObject({ code: TaxErrorCode.Rejected, retryable: false, status: 422 });
    expect(err.message).toContain('no export refund filing');
  });

  it('refuses a purchase invoice number without its VAT amount, and a rate above 1', async () => {
    const req = refundRequest();
    const [battery, basket] = req.lines;
    const { purchaseVatCny: _, ...noVat } = basket!;
    for (const lines of [[battery!, noVat], [{ ...battery!, refundRate: '9' }]]) {
      const err = await rejection(port.applyRefund({ ...req, lines }, `raw:${randomUUID()}`));
      expect(err).toMatchObject({ code: TaxErrorCode.InvalidRequest, status: 400 });
    }
  });

  describe('refund deadline (30 April of the year after the export, China time)', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it.each([
      ['2026-04-30T15:59:59.999Z', '2025-01-01', 'ACCEPTED'],
      ['2026-04-30T16:00:00.000Z', '2025-12-31', TaxErrorCode.DeadlinePassed],
      ['2026-04-30T16:00:00.000Z', '2026-01-01', 'ACCEPTED'],
    ])('at %s an export of %s is %s', async (now, exportDate, outcome) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(now));
      // 2025 and 2026: lithium-ion cells at 9 %, so only the date decides.
      const req = refundRequest({ exportDate });
      const call = port.applyRefund(req, `shipment:${req.reference}:tax-refund`);
      if (outcome === 'ACCEPTED') expect((await call).status).toBe('ACCEPTED');
      else expect(await rejection(call)).toMatchObject({ code: outcome, details: { body: { details: { deadline: '2026-04-30' } } } });
    });
  });

  it('reports a refund application\'s progress for polling: reviewing, approved, then paid; denied under refund-denied', async () => {
    const req = refundRequest();
    const app = await port.applyRefund(req, `shipment:${req.reference}:tax-refund`);
    const first = await port.refundStatus(app.applicationNo);
    expect(['REVIEWING', 'APPROVED', 'PAID']).toContain(first.status);
    const paid = await eventually(async () => {
      const s = await port.refundStatus(app.applicationNo);
      return s.status === 'PAID' ? s : undefined;
    });
    expect(paid).toMatchObject({ applicationNo: app.applicationNo, refundCny: app.refundCny, paidAt: expect.any(String) });

    const denied = refundRequest();
    await control('/_control/scenarios', { key: denied.reference, scenario: 'refund-denied', params: { reason: '供货企业风险疑点' } });
    const deniedApp = await port.applyRefund(denied, `shipment:${denied.reference}:tax-refund`);
    expect(await eventually(async () => {
      const s = await port.refundStatus(deniedApp.applicationNo);
      return s.status === 'DENIED' ? s : undefined;
    })).toMatchObject({ reason: '供货企业风险疑点' });

    const exempt = refundRequest({ fxReceived: false });
    const closed = await port.refundStatus((await port.applyRefund(exempt, `shipment:${exempt.reference}:tax-refund`)).applicationNo);
    expect(closed).toMatchObject({ status: 'CLOSED', refundCny: '0.00' });
    expect(await rejection(port.refundStatus('CKTS20260101999999'))).toMatchObject({ code: TaxErrorCode.ApplicationNotFound, retryable: false });
  });

  it('pays a refund under late-payment that long after acceptance instead of after 10 business days', async () => {
    const req = refundRequest();
    await control('/_control/scenarios', { key: req.reference, scenario: 'late-payment', params: { businessDelayMs: 500 * 86_400_000 } });
    const app = await port.applyRefund(req, `shipment:${req.reference}:tax-refund`);
    // 10 business days are 10 ms here: past them the refund is approved, not paid
    await new Promise((r) => setTimeout(r, 50));
    expect((await port.refundStatus(app.applicationNo)).status).toBe('APPROVED');
    const paid = await eventually(async () => {
      const s = await port.refundStatus(app.applicationNo);
      return s.status === 'PAID' ? s : undefined;
    });
    expect(Date.parse(paid.paidAt!) - Date.parse(app.acceptedAt)).toBeGreaterThanOrEqual(499);
  });

  it('requires an idempotency key', async () => {
    for (const [path, body] of [
      ['/v1/exemption-records', exemptionRequest()],
      ['/v1/refund-applications', refundRequest()],
    ] as const) {
      const res = await fetch(`${sim.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: TaxErrorCode.IdempotencyKeyRequired });
    }
  });
});
