import { describe, expect, it } from 'vitest';
import { inboundOf } from './inbound.js';
import { signBody } from './kit/callbacks.js';

/** The inbound parts as the API uses them: what each system sends, parsed or refused with the field. */
const platformFunds = { eventId: 'EV-1', type: 'FUNDS_RECEIVED', reference: 'shipment:e:o', collectionId: 'COL-1', amount: '63.80', currency: 'EUR', valueDate: '2026-12-01', bankRef: 'REF-1' };

describe('inbound parsers', () => {
  it('reads a carrier milestone and names the field of a non-string reference', () => {
    const carrier = inboundOf({ id: 'rail', kind: 'carrier' });
    const ok = carrier.parse(JSON.stringify({ eventId: 'EV-1', reference: 'shipment:e:o', bookingNo: 'CRCD000001', event: 'DEPARTED', location: 'Chengdu', at: '2026-12-01T08:00:00Z' }));
    expect(ok).toMatchObject({ ok: true, notice: { event: 'DEPARTED', bookingNo: 'CRCD000001' } });
    for (const reference of [42, { $ne: '' }, ['a'], null]) {
      expect(carrier.parse(JSON.stringify({ eventId: 'EV-1', reference, bookingNo: 'CRCD000001', event: 'DEPARTED' }))).toMatchObject({ ok: false, field: 'body.reference' });
    }
    expect(carrier.parse('[1,2]')).toMatchObject({ ok: false, field: 'body' });
  });

  it("reads bank B's own inward-credit notice as the platform's funds notice, and the platform's shape too", () => {
    const bankB = inboundOf({ id: 'bank-b', kind: 'fx' });
    const native = { notify_id: 'EV-1', notify_type: 'INWARD_CREDIT', collection_no: 'COL-1', biz_ref: 'shipment:e:o', ccy: 'EUR', amount_cents: 6380, value_date: '20261201', remit_ref: 'REF-1' };
    expect(bankB.parse(JSON.stringify(native))).toEqual({ ok: true, notice: platformFunds });
    expect(bankB.parse(JSON.stringify(platformFunds))).toEqual({ ok: true, notice: platformFunds });
    expect(bankB.parse(JSON.stringify({ ...platformFunds, amount: 63.8 }))).toMatchObject({ ok: false, field: 'body.amount' });
  });

  it("reads the payment institution's payout webhook as the platform's funds notice", () => {
    const pi = inboundOf({ id: 'payment-institution', kind: 'fx' });
    const webhook = { id: 'EV-1', event: 'payout.funds_received', createdAt: '2026-12-01T08:00:00Z', resource: { payoutCollectionId: 'COL-1', marketplacePayoutId: 'shipment:e:o', received: { value: '63.80', currency: 'EUR' }, valueDate: '2026-12-01', partnerBankRef: 'REF-1' } };
    expect(pi.parse(JSON.stringify(webhook))).toEqual({ ok: true, notice: platformFunds });
  });

  it('reads the Single Window form by message type and names field message when it is missing or malformed', () => {
    const sw = inboundOf({ id: 'single-window', kind: 'single-window' });
    expect(sw.parse('other=1')).toMatchObject({ ok: false, field: 'body.message' });
    expect(sw.parse(new URLSearchParams({ message: '<CEB816Message' }).toString())).toMatchObject({ ok: false, field: 'body.message' });
    expect(sw.accepted).toBe('SUCCESS');
  });

  it('authenticates with the signature over the raw body', () => {
    const wh = inboundOf({ id: 'bonded-warehouse', kind: 'warehouse' });
    const ts = String(Date.now());
    const body = '{}';
    expect(wh.authenticate({ body, headers: { 'x-cbec-timestamp': ts, 'x-cbec-signature': signBody('s3cret', ts, body) } }, 's3cret')).toEqual({ ok: true });
    expect(wh.authenticate({ body, headers: { 'x-cbec-timestamp': ts, 'x-cbec-signature': signBody('other', ts, body) } }, 's3cret')).toMatchObject({ ok: false, code: 'CALLBACK_SIGNATURE_INVALID' });
  });
});
