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
  /** 9810: stock in the overseas warehouse, being sold. */
  AT_WAREHOUSE: 'AT_WAREHOUSE',
  /** 1210: leaving the bonded centre / on the way to the consumer. */
  DELIVERING: 'DELIVERING',
  /** 1210: delivered; the return period runs. */
  DELIVERED: 'DELIVERED',
  RETURNING: 'RETURNING',
  RETURNED: 'RETURNED',
  SLA_BREACHED: 'SLA_BREACHED',
  /** Held by a risk rule until ops review it. */
  RISK_HOLD: 'RISK_HOLD',
  CANCELLING: 'CANCELLING',
  COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
  FAILED: 'FAILED',
} as const;
export type ShipmentStatus = (typeof ShipmentStatus)[keyof typeof ShipmentStatus];

export const TERMINAL_STATUSES: readonly ShipmentStatus[] = ['COMPLETED', 'CANCELLED', 'FAILED', 'RETURNED'];

/** Statuses that need ops, which they filter on in the Temporal Web UI (docs/ops.md). */
export const ATTENTION_STATUSES: readonly ShipmentStatus[] = ['RISK_HOLD', 'REJECTED', 'INSPECTION', 'SLA_BREACHED', 'CANCELLING'];

/**
 * The `ShipmentStatus` search attribute of a shipment that is on track (set at start): a value of
 * the attribute, not a status (docs/glossary.md, "Where a shipment stands").
 */
export const ON_TRACK = 'ON_TRACK';

/** What the `ShipmentStatus` search attribute holds: ON_TRACK, or a status ops must see (lean histories; before, every status). */
export type StatusAttribute = ShipmentStatus | typeof ON_TRACK;

/**
 * The `ShipmentStatus` search attribute after a status change, or undefined when it stays (each
 * upsert is a billed action): a status that needs ops while it lasts, ON_TRACK once it is over,
 * and the end status. Where an on-track shipment stands is in its workflow's current details in
 * the Web UI and in the REST API. Histories from before patch 'lean-history' upsert every status.
 */
export function attributeStatus(current: StatusAttribute, status: ShipmentStatus): StatusAttribute | undefined {
  const next: StatusAttribute = ATTENTION_STATUSES.includes(status) || TERMINAL_STATUSES.includes(status) ? status : ON_TRACK;
  return next === current ? undefined : next;
}

/**
 * Stages of a shipment's timeline (阶段), in the order a 9610 export passes them: the API's `stage`.
 * Not the workflow steps (`StageId`, domain/modes.ts) that run them (docs/glossary.md).
 */
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
  /** 9810 overseas warehouse; 1210 bonded warehouse exit and delivery. */
  WAREHOUSE: 'warehouse',
  DELIVERY: 'delivery',
  RETURN: 'return',
  DONE: 'done',
} as const;
export type Stage = (typeof Stage)[keyof typeof Stage];
