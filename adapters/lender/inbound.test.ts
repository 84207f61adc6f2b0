import { describe, expect, it } from 'vitest';
import { signBody } from '../kit/callbacks.js';
import { bindLenderEvent, lenderInbound, type LoanFacts } from './inbound.js';
import type { LenderEvent } from './port.js';

const loan: LoanFacts = { lender: 'lender-bank', applicationId: 'BKAP20261206000001', disbursementId: 'BKLN20261206000002', instructionIds: ['loan:ent-a:L1:repay:1'] };
const at = '2026-12-06T10:00:00.000Z';
const approved: LenderEvent = {
  eventId: 'evt_1', type: 'APPROVED', reference: 'loan:ent-a:L1', at, applicationId: 'BKAP20261206000001',
  offer: { offerId: 'BKOF1', limit: '700.00', currency: 'CNY', ratioBp: 7000, annualRateBp: 450, dayCount: 'ACT/360', fee: '0.70', tenorDays: 90, expiresAt: at },
};
const confirmed: LenderEvent = {
  eventId: 'evt_2', type: 'REPAYMENT_CONFIRMED', reference: 'loan:ent-a:L1', at, disbursementId: 'BKLN20261206000002', repaymentId: 'BKRP1',
  instructionId: 'loan:ent-a:L1:repay:1', amount: '100.00', currency: 'CNY', valueDate: '2026-12-06',
};

describe('lender callbacks', () => {
  it('authenticates the platform signature and parses each event type, naming the field at fault', () => {
    const raw = JSON.stringify(approved);
    const ts = String(Date.now());
    expect(lenderInbound.authenticate({ body: raw, headers: { 'x-cbec-timestamp': ts, 'x-cbec-signature': signBody('s', ts, raw) } }, 's')).toEqual({ ok: true });
    expect(lenderInbound.authenticate({ body: raw, headers: { 'x-cbec-timestamp': ts, 'x-cbec-signature': signBody('other', ts, raw) } }, 's')).toMatchObject({ ok: false });
    expect(lenderInbound.parse(raw)).toEqual({ ok: true, notice: approved });
    expect(lenderInbound.parse(JSON.stringify({ ...confirmed, amount: '1.001' }))).toMatchObject({ ok: false, field: 'body.amount' });
  });

  it('binds a decision only from the loan’s lender and with its application number', () => {
    expect(bindLenderEvent(loan, 'lender-bank', approved)).toEqual({ ok: true });
    expect(bindLenderEvent(loan, 'lender-fin', approved)).toMatchObject({ ok: false, status: 403, code: 'CALLBACK_WRONG_SYSTEM' });
    expect(bindLenderEvent(loan, 'lender-bank', { ...approved, applicationId: 'BKAP-OTHER' })).toMatchObject({ ok: false, status: 409, field: 'body.applicationId' });
    // the decision may come before the apply answer: the workflow checks the number it then learns
    expect(bindLenderEvent({ ...loan, applicationId: null }, 'lender-bank', { ...approved, applicationId: 'BKAP-ANY' })).toEqual({ ok: true });
  });

  it('binds a repayment confirmation only to the loan’s disbursement and an instruction the platform sent', () => {
    expect(bindLenderEvent(loan, 'lender-bank', confirmed)).toEqual({ ok: true });
    expect(bindLenderEvent(loan, 'lender-bank', { ...confirmed, disbursementId: 'BKLN-OTHER' })).toMatchObject({ ok: false, field: 'body.disbursementId' });
    expect(bindLenderEvent(loan, 'lender-bank', { ...confirmed, instructionId: 'forged' })).toMatchObject({ ok: false, field: 'body.instructionId' });
  });
});
