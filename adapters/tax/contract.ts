import { randomInt, randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeContract, rejection, type ContractHarness } from '../kit/testing.js';
import { TaxErrorCode, type RecordExemptionRequest, type TaxPort } from './port.js';

export type TaxContractHarness = ContractHarness<TaxPort>;

/** A 9610 export as the platform records it: Chengdu district 7901, one inventory per test. */
export function exemptionRequest(over: Partial<RecordExemptionRequest> = {}): RecordExemptionRequest {
  return {
    reference: `SHP-${randomUUID().slice(0, 8)}`,
    enterprise: { code: '5117960001', name: '达州市某某跨境电子商务有限公司' },
    invtNo: `790120251${String(randomInt(1e9)).padStart(9, '0')}`,
    exportDate: '2025-03-14',
    lines: [
      { goodsName: '竹编收纳篮', unit: '件', qty: '12', unitPrice: '8.5', amount: '102.00', currency: 'USD' },
      { goodsName: '灯影牛肉礼盒', unit: '盒', qty: '3', unitPrice: '3.333', amount: '10.00', currency: 'USD' },
    ],
    ...over,
  };
}

/** What every implementation of TaxPort must do (simulator on every test run; the real bureau via scripts). */
export function taxContractSuite(makePort: () => Promise<TaxContractHarness>): void {
  describeContract('TaxPort contract', makePort, (h) => {
    it('records an exemption once per idempotency key, with a WPMZ record number', async () => {
      const req = exemptionRequest();
      const key = `shipment:${req.reference}:tax-exemption`;
      const record = await h.port.recordExemption(req, key);
      expect(record.status).toBe('RECORDED');
      expect(record.recordNo).toMatch(/^WPMZ\d{8}\d{6}$/);
      expect(Math.abs(Date.parse(record.recordedAt) - Date.now())).toBeLessThan(60_000);
      expect(await h.port.recordExemption(req, key)).toEqual(record);
      expect(await h.ledger(key)).toEqual([expect.objectContaining({ operation: 'recordExemption', requests: 2 })]);
    });

    it('refuses a line whose amount is not quantity × unit price within 0.01', async () => {
      const req = exemptionRequest();
      const line = { goodsName: '蜀绣丝巾', unit: '条', qty: '4', unitPrice: '12.50', amount: '50.02', currency: 'USD' };
      const err = await rejection(h.port.recordExemption({ ...req, lines: [line] }, `shipment:${req.reference}:tax-exemption`));
      expect(err).toMatchObject({ code: TaxErrorCode.LineAmountMismatch, retryable: false });
      const ok = await h.port.recordExemption({ ...req, lines: [{ ...line, amount: '50.01' }] }, `shipment:${req.reference}:tax-exemption-2`);
      expect(ok.status).toBe('RECORDED');
    });

    it('refuses a record without goods lines', async () => {
      const req = exemptionRequest({ lines: [] });
      const err = await rejection(h.port.recordExemption(req, `shipment:${req.reference}:tax-exemption`));
      expect(err).toMatchObject({ code: TaxErrorCode.NoLines, retryable: false });
      expect(await h.ledger(`shipment:${req.reference}:tax-exemption`)).toEqual([]);
    });

    it('records an inventory only once, naming the existing record', async () => {
      const req = exemptionRequest();
      const first = await h.port.recordExemption(req, `shipment:${req.reference}:tax-exemption`);
      const err = await rejection(h.port.recordExemption(req, `shipment:${req.reference}:tax-exemption-again`));
      expect(err).toMatchObject({ code: TaxErrorCode.AlreadyRecorded, retryable: false });
      expect(err.details).toMatchObject({ body: { details: { recordNo: first.recordNo } } });
    });

    it('refuses an idempotency key reused for a different record', async () => {
      const req = exemptionRequest();
      const key = `shipment:${req.reference}:tax-exemption`;
      await h.port.recordExemption(req, key);
      const err = await rejection(h.port.recordExemption({ ...req, exportDate: '2025-03-15' }, key));
      expect(err).toMatchObject({ code: TaxErrorCode.IdempotencyKeyReused, retryable: false });
    });
  });
}
