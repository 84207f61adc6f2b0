import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { TransportErrorCode } from '../kit/errors.js';
import { rejection, useSimulator } from '../kit/testing.js';
import { createTaxClient } from './client.js';
import { exemptionRequest, taxContractSuite } from './contract.js';
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

  it('requires an idempotency key', async () => {
    const res = await fetch(`${sim.baseUrl}/v1/exemption-records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(exemptionRequest()),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: TaxErrorCode.IdempotencyKeyRequired });
  });
});
