import { describe, expect, it } from 'vitest';
import { attributeStatus, ON_TRACK, ShipmentStatus, type ShipmentStatus as Status, type StatusAttribute } from './status.js';

/** The ShipmentStatus search attribute values a run of statuses leads to (one per upsert). */
function upserts(statuses: Status[]): string[] {
  let current: StatusAttribute = ON_TRACK;
  const out: string[] = [];
  for (const s of statuses) {
    const next = attributeStatus(current, s);
    if (next === undefined) continue;
    out.push(next);
    current = next;
  }
  return out;
}

describe('the ShipmentStatus search attribute (lean history)', () => {
  it('moves only at the end of a shipment on track', () => {
    const { RECEIVED, DATA_PUSH, DECLARING, AWAITING_GOODS, CUSTOMS_REVIEW, DEPARTING, IN_TRANSIT, TAX_FILING, FX_SETTLEMENT, COMPLETED } = ShipmentStatus;
    expect(upserts([RECEIVED, DATA_PUSH, DECLARING, AWAITING_GOODS, CUSTOMS_REVIEW, DEPARTING, IN_TRANSIT, TAX_FILING, FX_SETTLEMENT, COMPLETED])).toEqual(['COMPLETED']);
  });

  it('shows a status that needs ops while it lasts, then ON_TRACK again', () => {
    const { CUSTOMS_REVIEW, INSPECTION, SLA_BREACHED, DEPARTING, COMPLETED } = ShipmentStatus;
    expect(upserts([CUSTOMS_REVIEW, INSPECTION, SLA_BREACHED, INSPECTION, CUSTOMS_REVIEW, DEPARTING, COMPLETED])).toEqual(['INSPECTION', 'SLA_BREACHED', 'INSPECTION', ON_TRACK, 'COMPLETED']);
  });

  it('ends on the end status of a cancelled or failed shipment', () => {
    expect(upserts([ShipmentStatus.RISK_HOLD, ShipmentStatus.CANCELLING, ShipmentStatus.CANCELLED])).toEqual(['RISK_HOLD', 'CANCELLING', 'CANCELLED']);
    expect(upserts([ShipmentStatus.DATA_PUSH, ShipmentStatus.FAILED])).toEqual(['FAILED']);
  });
});
