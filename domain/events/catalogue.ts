import { z } from 'zod';
import type { ProjectionUpdate } from '../projection.js';

/**
 * The events an enterprise receives (webhooks and GET /v1/events), version 1: each derived from a
 * shipment's timeline entry (its `type`, written by the workflow) or from a fact without a shipment
 * (stock received, an endpoint disabled). A new field is added within a version; a changed or
 * removed one makes version 2 of that type, sent beside version 1 for a documented period.
 */
export const EVENT_VERSION = 1;

/** Timeline types (workflows/shipment, db/summaries.ts) by the event type they are sent as; the rest are `shipment.noted`. */
const BY_TIMELINE: Record<string, readonly string[]> = {
  'shipment.status_changed': [
    'ACCEPTED', 'DATA_PUSH', 'DECLARED', 'FIRST_LEG', 'CUSTOMS_REVIEW', 'WAREHOUSE_INBOUND', 'SELLING', 'EXIT_ORDERED', 'DELIVERED',
    'TAX_FILING', 'FX_EXPECTED', 'COMPLETED', 'CANCELLING', 'CANCELLED', 'FAILED', 'SLA_RECOVERED', 'CORRECTED', 'RETURN_REQUESTED', 'RETURN_REFUSED',
  ],
  'customs.receipt': ['LOGIC_CHECK_PASSED', 'ENTRY_ASSIGNED', 'INVENTORY_CANCELLED', 'DECLARATION_TO_WITHDRAW', 'SEIZED'],
  'customs.rejected': ['REJECTED'],
  'customs.inspection': ['INSPECTION', 'INSPECTION_CLEARED'],
  'customs.released': ['RELEASED'],
  'transport.milestone': [
    'BOOKED', 'DEPARTED', 'BORDER_CROSSED', 'ARRIVED', 'SHIPPED', 'BOOKING_RELEASED', 'WAREHOUSE_BOOKED', 'WAREHOUSE_RECEIVED',
    'WAREHOUSE_BOOKING_CANCELLED', 'GOODS_BACK_IN_CENTRE',
  ],
  'tax.recorded': ['TAX_RECORDED', 'TAX_BILL'],
  'tax.refund_filed': ['REFUND_APPLIED', 'PRE_REFUND_APPLIED'],
  'tax.refund_paid': ['REFUND_PAID'],
  'tax.refund_denied': ['REFUND_DENIED'],
  'fx.funds_received': ['FUNDS_RECEIVED'],
  'fx.settled': ['FX_SETTLED'],
  'summary.declared': ['SUMMARY_DECLARED'],
  'risk.held': ['RISK_HOLD'],
  'risk.released': ['RISK_RELEASED'],
  'sla.breached': ['SLA_BREACHED'],
  'shipment.returned': ['RETURNED', 'RETURN_GOODS_LATE', 'RETURN_NOT_RECEIVED'],
};
const EVENT_OF_TIMELINE = new Map(Object.entries(BY_TIMELINE).flatMap(([event, types]) => types.map((t) => [t, event] as const)));

export const SHIPMENT_EVENT_TYPES = [...Object.keys(BY_TIMELINE), 'shipment.noted'] as const;
export const OTHER_EVENT_TYPES = ['stock.received', 'webhook_endpoint.disabled'] as const;
export const EVENT_TYPES: readonly string[] = [...SHIPMENT_EVENT_TYPES, ...OTHER_EVENT_TYPES];

/** The data of every shipment event: where the shipment stands and the timeline entry, as GET /v1/shipments/{id} shows it. */
export const ShipmentEventData = z
  .object({
    status: z.string().meta({ description: 'The shipment status after this event' }),
    stage: z.string(),
    timelineType: z.string().meta({ description: 'The timeline entry this event reports (e.g. DEPARTED, REFUND_PAID)' }),
    info: z.string().meta({ description: 'The timeline text; for risk.held only the generic explanation of each rule that held it' }),
    fields: z.record(z.string(), z.string()).meta({ description: 'Document numbers and amounts this entry set (invtNo, entryId, bookingNo, taxRecordNo, settlementId, cnyAmount, fxRate)' }),
  })
  .meta({ id: 'ShipmentEventData' });

export const StockReceivedData = z
  .object({
    entryId: z.string(),
    status: z.string(),
    inboundNo: z.string(),
    discrepancies: z.array(z.object({ sku: z.string(), announced: z.number(), received: z.number() })),
  })
  .meta({ id: 'StockReceivedData' });

export const EndpointDisabledData = z
  .object({ endpointId: z.string(), url: z.string(), failingSince: z.string(), reason: z.string() })
  .meta({ id: 'WebhookEndpointDisabledData' });

const envelope = {
  id: z.string().meta({ description: 'evt_…: the same in the feed and as the webhook-id header; de-duplicate by it' }),
  version: z.number().int(),
  occurredAt: z.string(),
  shipmentId: z.string().nullable(),
  orderingKey: z.string().meta({ description: 'Events with the same key are delivered in the order of sequence (the shipment id for shipment events)' }),
  sequence: z.number().int(),
};

/** The schema of one event type (one definition, used by the feed and the OpenAPI webhooks section). */
function eventSchema(type: string, data: z.ZodType, id: string) {
  return z.object({ ...envelope, type: z.literal(type), data }).meta({ id, description: `Event ${type}, version ${EVENT_VERSION}` });
}

const schemaName = (type: string) => `${type.split(/[._]/).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}Event`;

/** Every event type with its schema, by type. */
export const EVENT_SCHEMAS: ReadonlyMap<string, z.ZodObject> = new Map([
  ...SHIPMENT_EVENT_TYPES.map((t) => [t, eventSchema(t, ShipmentEventData, schemaName(t))] as const),
  ['stock.received', eventSchema('stock.received', StockReceivedData, schemaName('stock.received'))],
  ['webhook_endpoint.disabled', eventSchema('webhook_endpoint.disabled', EndpointDisabledData, schemaName('webhook_endpoint.disabled'))],
]);

/** Any event (the feed's item). */
export const EventSchema = z.object({ ...envelope, type: z.string(), data: z.record(z.string(), z.unknown()) }).meta({ id: 'Event' });
export type EnterpriseEvent = z.infer<typeof EventSchema>;

export function schemaIdOf(type: string): string {
  return schemaName(type);
}

/** The event a timeline entry is sent as, with its data. */
export function eventOfTimelineEntry(u: ProjectionUpdate): { type: string; data: z.infer<typeof ShipmentEventData> } {
  const fields = Object.fromEntries(Object.entries(u.fields).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  return { type: EVENT_OF_TIMELINE.get(u.type) ?? 'shipment.noted', data: { status: u.status, stage: u.stage, timelineType: u.type, info: u.info, fields } };
}
