import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey } from '@temporalio/common';
import type { CustomsReceipt } from '../domain/customs.js';
import type { ShipmentStatus, Stage } from '../domain/status.js';
import type { ShipmentItem } from '../domain/shipment.schema.js';

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
} as const;

/** For `temporal server start-dev --search-attribute` and the operator API. */
export const SEARCH_ATTRIBUTES: Record<string, 'Keyword'> = {
  CustomsMode: 'Keyword',
  EnterpriseId: 'Keyword',
  ShipmentStatus: 'Keyword',
  Corridor: 'Keyword',
};

export interface RailEvent {
  eventId: string;
  bookingNo: string;
  event: 'PICKED_UP' | 'ARRIVED_AT_SITE' | 'DEPARTED' | 'BORDER_CROSSED' | 'ARRIVED';
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

export interface InspectionResolution {
  outcome: 'CLEARED' | 'SEIZED';
  note: string;
  operator: string;
}

/** A correction after a customs rejection (退单): replaces the fields customs objected to. */
export interface Correction {
  reason: string;
  items?: ShipmentItem[];
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
  bookingNo?: string;
  taxRecordNo?: string;
  collectionId?: string;
  settlementId?: string;
  cnyAmount?: string;
  fxRate?: string;
  lastRejection?: string;
  inspection?: { openedAt: string; resolution?: InspectionResolution };
  cancelRequested?: CancelRequest;
}

export const receiptReceived = defineSignal<[CustomsReceipt]>('receiptReceived');
export const railEventReceived = defineSignal<[RailEvent]>('railEventReceived');
export const fundsReceived = defineSignal<[FundsEvent]>('fundsReceived');
export const resolveInspection = defineUpdate<ShipmentState, [InspectionResolution]>('resolveInspection');
export const correctDeclaration = defineUpdate<ShipmentState, [Correction]>('correctDeclaration');
export const cancelShipment = defineUpdate<ShipmentState, [CancelRequest]>('cancelShipment');
export const getState = defineQuery<ShipmentState>('getState');
