import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { shipmentSettings } from '../../api/settings.js';
import { refundRateOn } from '../../domain/export/refund-rates.js';
import type { ShipmentRun } from './run.js';
import { exportDateOf } from './stages.js';

/**
 * Export dates are China dates (UTC+8): the refund rate follows the export date on the
 * declaration (docs/reference/domain-rules.md §3.2), HWC-YT pre-refunds apply to exports from
 * 2025-01-27 (§1.5 step 4) and the payment receipt (CEB403) is no longer needed from 2024-12-15
 * (§1.3 step 3). A departure at 06:30 China time is 22:30 UTC the day before.
 */
const departedAt = (at: string) => ({ transportEvents: new Map([['DEPARTED', { eventId: 'e', bookingNo: 'b', event: 'DEPARTED', location: 'Chengdu', at }]]) }) as unknown as ShipmentRun;

describe('export date of a shipment', () => {
  it('dates a 06:30 China-time departure on 2024-12-01 to that day, so the battery rate is 9 % (Ann. 2024 No. 15)', () => {
    const date = exportDateOf(departedAt('2024-11-30T22:30:00Z'));
    expect(date).toBe('2024-12-01');
    expect(refundRateOn('8507600090', date)?.rateBp).toBe(900);
    // the day before in China time still has the old 13 %
    expect(exportDateOf(departedAt('2024-11-30T15:59:59Z'))).toBe('2024-11-30');
    expect(refundRateOn('8507600090', exportDateOf(departedAt('2024-11-30T15:59:59Z')))?.rateBp).toBe(1300);
  });

  it('reads a timestamp given with the +08:00 offset the same way', () => {
    expect(exportDateOf(departedAt('2024-12-01T06:30:00+08:00'))).toBe('2024-12-01');
  });

  it('makes a departure at 06:30 China time on 2025-01-27 eligible for the HWC-YT pre-refund', () => {
    const from = shipmentSettings(loadConfig({ CBEC_ENV: 'development' }), new Date('2025-01-27T00:00:00Z')).overseasPreRefundFrom!;
    expect(from).toBe('2025-01-27');
    expect(exportDateOf(departedAt('2025-01-26T22:30:00Z')) >= from).toBe(true);
    expect(exportDateOf(departedAt('2025-01-26T15:59:59Z')) >= from).toBe(false);
  });

  it('drops the payment receipt for an order accepted at 00:30 China time on 2024-12-15 (GACC Ann. 2024 No. 167)', () => {
    const config = loadConfig({ CBEC_ENV: 'development' });
    expect(shipmentSettings(config, new Date('2024-12-14T16:30:00Z')).requirePaymentReceipt).toBe(false);
    expect(shipmentSettings(config, new Date('2024-12-14T15:59:59Z')).requirePaymentReceipt).toBe(true);
  });
});
