/** Shipment statuses shown in the API, the projection and the `ShipmentStatus` search attribute. */
export const ShipmentStatus = {
  RECEIVED: 'RECEIVED',
  DATA_PUSH: 'DATA_PUSH',
  DECLARING: 'DECLARING',
  AWAITING_GOODS: 'AWAITING_GOODS',
  CUSTOMS_REVIEW: 'CUSTOMS_REVIEW',
  INSPECTION: 'INSPECTION',
  REJECTED: 'REJECTED',
  DEPARTING: 'DEPARTING',
  IN_TRANSIT: 'IN_TRANSIT',
  TAX_FILING: 'TAX_FILING',
  FX_SETTLEMENT: 'FX_SETTLEMENT',
  SLA_BREACHED: 'SLA_BREACHED',
  CANCELLING: 'CANCELLING',
  COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
  FAILED: 'FAILED',
} as const;
export type ShipmentStatus = (typeof ShipmentStatus)[keyof typeof ShipmentStatus];

export const TERMINAL_STATUSES: readonly ShipmentStatus[] = ['COMPLETED', 'CANCELLED', 'FAILED'];

/** Stages of a shipment's timeline, in the order a 9610 export passes them. */
export const Stage = {
  ORDER: 'order',
  DATA_PUSH: 'data-push',
  DECLARATION: 'declaration',
  FIRST_LEG: 'first-leg',
  CUSTOMS: 'customs',
  DEPARTURE: 'departure',
  TRANSIT: 'transit',
  TAX: 'tax',
  FX: 'fx',
  DONE: 'done',
} as const;
export type Stage = (typeof Stage)[keyof typeof Stage];
