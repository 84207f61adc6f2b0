import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey } from '@temporalio/common';
import type { CustomsReceipt } from '../domain/customs.js';
import type { Milestone } from '../domain/milestones.js';
import type { ShipmentStatus, Stage } from '../domain/status.js';
import type { ImportItem, ShipmentItem } from '../domain/shipment.schema.js';

/**
 * The only way other code talks to a shipment workflow: ids, task queue, signals, updates,
 * queries and search attributes. The API imports this file; it holds no workflow logic.
 */
export const TASK_QUEUE = 'cbec-shipments';

export function shipmentWorkflowId(enterpriseId: string, orderNo: string): string {
  return `shipment:${enterpriseId}:${orderNo}`;
}

export const SearchAttr = {
  CustomsMode: defineSearchAttributeKey('CustomsMode', 'KEYWORD'),
  EnterpriseId: defineSearchAttributeKey('EnterpriseId', 'KEYWORD'),
  ShipmentStatus: defineSearchAttributeKey('ShipmentStatus', 'KEYWORD'),
  Corridor: defineSearchAttributeKey('Corridor', 'KEYWORD'),
  /** Monthly summary declarations (summary.workflow.ts): DEADLINE_MISSED / SUMMARY_REJECTED are alerts. */
  SummaryStatus: defineSearchAttributeKey('SummaryStatus', 'KEYWORD'),
  /** Shipments whose export refund waits for ops: UNKNOWN_RATE (no known refund rate, workflows/shipment/refund.ts); unset otherwise. */
  RefundHold: defineSearchAttributeKey('RefundHold', 'KEYWORD'),
  /** Loans (workflows/finance/): their status, e.g. OVERDUE for ops. */
  LoanStatus: defineSearchAttributeKey('LoanStatus', 'KEYWORD'),
} as const;

/** For `temporal server start-dev --search-attribute` and the operator API. */
export const SEARCH_ATTRIBUTES: Record<string, 'Keyword'> = {
  CustomsMode: 'Keyword',
  EnterpriseId: 'Keyword',
  ShipmentStatus: 'Keyword',
  Corridor: 'Keyword',
  SummaryStatus: 'Keyword',
  RefundHold: 'Keyword',
  LoanStatus: 'Keyword',
};

/** A carrier's milestone for a booking (adapters/carrier MilestoneEvent, INFO events left out), any carrier. */
export interface TransportEvent {
  eventId: string;
  bookingNo: string;
  event: Milestone;
  location: string;
  at: string;
}

export interface FundsEvent {
  eventId: string;
  collectionId: string;
  amount: string;
  currency: string;
  valueDate: string;
  bankRef: string;
}

/** A warehouse event (adapters/warehouse): goods received, sales abroad, order shipped/delivered. */
export interface WarehouseEvent {
  eventId: string;
  type: 'INBOUND_RECEIVED' | 'SALES_REPORTED' | 'STOCK_SOLD_OUT' | 'ORDER_SHIPPED' | 'ORDER_DELIVERED' | 'ORDER_RETURNED';
  at: string;
  inboundNo?: string;
  outboundNo?: string;
  batchNo?: string;
  logisticsNo?: string;
  signedBy?: string;
  /** Received (qty, qtyDamaged) or sold (qty, amount, currency) per SKU. */
  lines?: { sku: string; qty: string; qtyDamaged?: string; amount?: string; currency?: string }[];
}

/** The e-tax bill customs issues when it releases an import inventory (CEB816). */
export interface TaxBillEvent {
  guid: string;
  invtNo: string;
  taxNo: string;
  customsTax: string;
  valueAddedTax: string;
  consumptionTax: string;
  /** 1 generated, 2 summarised, 3 void. */
  status: string;
}

/** A consumer's return of a released 1210 order (退货, within the return period). */
export interface ReturnRequest {
  reason: string;
  requestedBy: string;
}

/** Ops' decision on a shipment held by a risk rule (domain/risk). */
export interface RiskReview {
  decision: 'RELEASE' | 'REJECT';
  note: string;
  operator: string;
}

export interface InspectionResolution {
  outcome: 'CLEARED' | 'SEIZED';
  note: string;
  operator: string;
}

/** A correction after a customs rejection (退单): replaces the fields customs objected to. */
export interface Correction {
  reason: string;
  items?: ShipmentItem[];
  /** 1210 orders: the corrected lines. */
  importItems?: ImportItem[];
  grossWeightKg?: number;
  netWeightKg?: number;
  destination?: { country: string; port: string };
}

export interface CancelRequest {
  reason: string;
  requestedBy: string;
}

export interface TimelineEntry {
  seq: number;
  at: string;
  stage: Stage;
  status: ShipmentStatus;
  type: string;
  info: string;
}

export interface ShipmentState {
  status: ShipmentStatus;
  stage: Stage;
  /** Status to return to when an SLA breach clears. */
  stageStatus: ShipmentStatus;
  revision: number;
  preNo?: string;
  invtNo?: string;
  /** 9710/9810 by customs declaration (H2018 route): the 报关单号 from the declaration's receipts. */
  entryId?: string;
  bookingNo?: string;
  taxRecordNo?: string;
  collectionId?: string;
  settlementId?: string;
  cnyAmount?: string;
  fxRate?: string;
  lastRejection?: string;
  inspection?: { openedAt: string; resolution?: InspectionResolution };
  cancelRequested?: CancelRequest;
  /** 9810/1210: the warehouse's inbound or outbound number. */
  warehouseRef?: string;
  /** 1210: the e-tax bill (CEB816) number and total tax in CNY. */
  taxNo?: string;
  taxCny?: string;
  /** 1210: when customs released the goods (starts the return period). */
  releasedAt?: string;
  returnRequested?: ReturnRequest;
  /** 9810: units reported sold so far and sales batches settled. */
  soldQty?: string;
  salesBatches?: number;
  /** Risk hold: the hits that held the shipment and ops' review. */
  riskHold?: { rules: string[]; review?: RiskReview };
  /** 9710/9810: the export refund held for ops (no known refund rate for these HS codes); retries counts ops' retries. */
  refundHold?: RefundHold;
}

export interface RefundHold {
  reason: 'UNKNOWN_RATE';
  hsCodes: string[];
  exportDate: string;
  since: string;
  retries: number;
  retriedBy?: string;
}

/** Ops retry a held refund once the zone's rates are loaded (`cbec refund-rates load`). */
export interface RefundRetry {
  operator: string;
  note: string;
}

export const receiptReceived = defineSignal<[CustomsReceipt]>('receiptReceived');
/** A carrier milestone (any carrier). Registered under its rail-era name, which running shipments and the replay histories hold. */
export const transportEventReceived = defineSignal<[TransportEvent]>('railEventReceived');
export const fundsReceived = defineSignal<[FundsEvent]>('fundsReceived');
export const warehouseEventReceived = defineSignal<[WarehouseEvent]>('warehouseEventReceived');
export const taxBillReceived = defineSignal<[TaxBillEvent]>('taxBillReceived');
/** The SLA watch (api/sla-watch.ts): the status whose service level ends at `dueAt` is overdue. */
export const slaOverdue = defineSignal<[SlaOverdue]>('slaOverdue');

export interface SlaOverdue {
  /** The due time the workflow wrote for its status (ISO); a stale one is ignored. */
  dueAt: string;
}
/**
 * Why a shipment refuses an update (its validator): the `type` of the ApplicationFailure it
 * throws, which the API answers as a 409 with this code (api/shipment-actions.ts `runUpdate`).
 */
export const UpdateRejection = {
  NOT_HELD: 'NOT_HELD',
  INVALID_DECISION: 'INVALID_DECISION',
  NOTE_REQUIRED: 'NOTE_REQUIRED',
  REASON_REQUIRED: 'REASON_REQUIRED',
  NOT_AN_IMPORT: 'NOT_AN_IMPORT',
  RETURN_PENDING: 'RETURN_PENDING',
  RETURN_PERIOD_OVER: 'RETURN_PERIOD_OVER',
  NOT_DELIVERED: 'NOT_DELIVERED',
  NOT_UNDER_INSPECTION: 'NOT_UNDER_INSPECTION',
  INVALID_OUTCOME: 'INVALID_OUTCOME',
  NOT_REJECTED: 'NOT_REJECTED',
  CORRECTION_PENDING: 'CORRECTION_PENDING',
  SHIPMENT_CLOSED: 'SHIPMENT_CLOSED',
  ALREADY_RELEASED: 'ALREADY_RELEASED',
  ALREADY_DEPARTED: 'ALREADY_DEPARTED',
  CANCEL_PENDING: 'CANCEL_PENDING',
} as const;
export type UpdateRejection = (typeof UpdateRejection)[keyof typeof UpdateRejection];

export const requestReturn = defineUpdate<ShipmentState, [ReturnRequest]>('requestReturn');
export const reviewRisk = defineUpdate<ShipmentState, [RiskReview]>('reviewRisk');
export const resolveInspection = defineUpdate<ShipmentState, [InspectionResolution]>('resolveInspection');
export const correctDeclaration = defineUpdate<ShipmentState, [Correction]>('correctDeclaration');
export const cancelShipment = defineUpdate<ShipmentState, [CancelRequest]>('cancelShipment');
export const retryRefund = defineUpdate<ShipmentState, [RefundRetry]>('retryRefund');
export const getState = defineQuery<ShipmentState>('getState');
