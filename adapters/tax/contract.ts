import { randomInt, randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeContract, rejection, type ContractHarness } from '../kit/testing.js';
import { TaxErrorCode, type ApplyRefundRequest, type RecordExemptionRequest, type TaxPort } from './port.js';

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

/** A China date (UTC+8) `days` days before now, 'YYYY-MM-DD'. */
export function chinaDaysAgo(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A 9710 export a week ago as the platform applies for its refund: one line with a rate the
 * table knows (lithium-ion cells, 9 % since 2024-12-01) and one it does not (bamboo baskets).
 */
export function refundRequest(over: Partial<ApplyRefundRequest> = {}): ApplyRefundRequest {
  return {
    reference: `SHP-${randomUUID().slice(0, 8)}`,
    enterprise: { code: '5117960001', name: '达州市某某跨境电子商务有限公司' },
    declarationNo: `79012025${String(randomInt(1e10)).padStart(10, '0')}`,
    exportDate: chinaDaysAgo(7),
    fxReceived: true,
    lines: [
      { hsCode: '8507600010', goodsName: '锂离子蓄电池', qty: '100', unit: '个', fobAmountCny: '1234.50', refundRate: '0.09' },
      {
        hsCode: '4602191000',
        goodsName: '竹编收纳篮',
        qty: '200',
        unit: '件',
        fobAmountCny: '2000.00',
        purchaseInvoiceNo: '25512000000012345678',
        purchaseVatCny: '230.00',
        refundRate: '0.13',
      },
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

    it('applies for a refund once per idempotency key, with a CKTS application number', async () => {
      const req = refundRequest();
      const key = `shipment:${req.reference}:tax-refund`;
      const app = await h.port.applyRefund(req, key);
      expect(app.status).toBe('ACCEPTED');
      expect(app.applicationNo).toMatch(/^CKTS\d{8}\d{6}$/);
      expect(Math.abs(Date.parse(app.acceptedAt) - Date.now())).toBeLessThan(60_000);
      expect(await h.port.applyRefund(req, key)).toEqual(app);
      expect(await h.ledger(key)).toEqual([expect.objectContaining({ operation: 'applyRefund', requests: 2 })]);
      const err = await rejection(h.port.applyRefund({ ...req, fxReceived: false }, key));
      expect(err).toMatchObject({ code: TaxErrorCode.IdempotencyKeyReused, retryable: false });
    });

    it('refunds FOB × rate, capped by the purchase invoice VAT, half-up to the fen', async () => {
      const req = refundRequest({
        lines: [
          // 1234.50 × 0.09 = 111.105 → 111.11 (no invoice; in binary floating point it would be 111.10)
          { hsCode: '8507600010', goodsName: '锂离子蓄电池', qty: '100', unit: '个', fobAmountCny: '1234.50', refundRate: '0.09' },
          // min(230.00, 2000.00 × 0.13 = 260.00) = 230.00
          { hsCode: '4602191000', goodsName: '竹编收纳篮', qty: '200', unit: '件', fobAmountCny: '2000.00', purchaseInvoiceNo: '25512000000012345678', purchaseVatCny: '230.00', refundRate: '0.13' },
          // min(150.00, 1000.01 × 0.13 = 130.0013) = 130.00
          { hsCode: '6214100000', goodsName: '蜀绣丝巾', qty: '50', unit: '条', fobAmountCny: '1000.01', purchaseInvoiceNo: '25512000000012345679', purchaseVatCny: '150.00', refundRate: '0.1300' },
          // 0.05 × 0.13 = 0.0065 → 0.01
          { hsCode: '4602191000', goodsName: '竹编杯垫', qty: '1', unit: '件', fobAmountCny: '0.05', refundRate: '0.13' },
        ],
      });
      const app = await h.port.applyRefund(req, `shipment:${req.reference}:tax-refund`);
      expect(app).toMatchObject({
        status: 'ACCEPTED',
        refundCny: '471.12',
        lines: [
          { hsCode: '8507600010', refundRate: '0.09', refundCny: '111.11' },
          { hsCode: '4602191000', refundRate: '0.13', refundCny: '230.00' },
          { hsCode: '6214100000', refundRate: '0.1300', refundCny: '130.00' },
          { hsCode: '4602191000', refundRate: '0.13', refundCny: '0.01' },
        ],
      });
    });

    it('accepts an export without collected FX as exempt without refund', async () => {
      const req = refundRequest({ fxReceived: false });
      const app = await h.port.applyRefund(req, `shipment:${req.reference}:tax-refund`);
      expect(app).toMatchObject({
        status: 'EXEMPT_WITHOUT_REFUND',
        refundCny: '0.00',
        lines: [
          { hsCode: '8507600010', refundCny: '0.00' },
          { hsCode: '4602191000', refundCny: '0.00' },
        ],
      });
    });

    it('refuses a refund rate other than the HS code\'s rate on the export date', async () => {
      const req = refundRequest();
      const [battery, basket] = req.lines;
      // Lithium-ion cells: 13 % until 2024-11-30, 9 % from 2024-12-01.
      const err = await rejection(h.port.applyRefund({ ...req, lines: [basket!, { ...battery!, refundRate: '0.13' }] }, `shipment:${req.reference}:tax-refund`));
      expect(err).toMatchObject({ code: TaxErrorCode.RateMismatch, retryable: false, status: 422 });
      expect(err.details).toMatchObject({ body: { details: { line: 1, hsCode: '8507600010', expected: '0.09' } } });
      expect(await h.ledger(`shipment:${req.reference}:tax-refund`)).toEqual([]);
    });

    it('refuses an export declared after 30 April of the following year', async () => {
      const year = Number(chinaDaysAgo(0).slice(0, 4));
      const req = refundRequest({ exportDate: `${year - 2}-12-31` });
      const err = await rejection(h.port.applyRefund(req, `shipment:${req.reference}:tax-refund`));
      expect(err).toMatchObject({ code: TaxErrorCode.DeadlinePassed, retryable: false, status: 422 });
      expect(err.details).toMatchObject({ body: { details: { deadline: `${year - 1}-04-30` } } });
    });

    it('refuses a refund application without goods lines', async () => {
      const req = refundRequest({ lines: [] });
      const err = await rejection(h.port.applyRefund(req, `shipment:${req.reference}:tax-refund`));
      expect(err).toMatchObject({ code: TaxErrorCode.NoLines, retryable: false });
      expect(await h.ledger(`shipment:${req.reference}:tax-refund`)).toEqual([]);
    });

    it('applies for a declaration only once, naming the existing application', async () => {
      const req = refundRequest();
      const first = await h.port.applyRefund(req, `shipment:${req.reference}:tax-refund`);
      const err = await rejection(h.port.applyRefund(req, `shipment:${req.reference}:tax-refund-again`));
      expect(err).toMatchObject({ code: TaxErrorCode.AlreadyApplied, retryable: false, status: 409 });
      expect(err.details).toMatchObject({ body: { details: { applicationNo: first.applicationNo } } });
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
