import { z } from 'zod';
import { ImportItem, Shipment9610, ShipmentCreate, ShipmentItem } from '../domain/shipment.schema.js';

export const ErrorBody = z
  .object({
    code: z.string().meta({ description: 'Stable machine-readable error code' }),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .meta({ id: 'Error' });

export const TimelineEvent = z
  .object({ seq: z.number().int(), at: z.string(), stage: z.string(), status: z.string(), type: z.string(), info: z.string() })
  .meta({ id: 'TimelineEvent' });

export const ShipmentSummary = z
  .object({
    id: z.string(),
    orderNo: z.string(),
    mode: z.string(),
    corridor: z.string().nullable().meta({ description: 'Transport corridor of an export; null for a 1210 import' }),
    status: z.string(),
    stage: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ShipmentSummary' });

export const ShipmentDetail = ShipmentSummary.extend({
  completedAt: z.string().nullable(),
  lastInfo: z.string().nullable(),
  declaration: z.object({
    preNo: z.string().nullable(),
    invtNo: z.string().nullable(),
    entryId: z.string().nullable().meta({ description: 'Customs declaration number (报关单号) from the monthly summary result (9610, and 9710/9810 list-route consignments, whose export refund files under it)' }),
  }),
  transport: z.object({ bookingNo: z.string().nullable() }),
  tax: z.object({ recordNo: z.string().nullable() }),
  amounts: z.object({
    currency: z.string(),
    goodsValue: z.string(),
    cnyAmount: z.string().nullable(),
    fxRate: z.string().nullable(),
    settlementId: z.string().nullable(),
  }),
  timeline: z.array(TimelineEvent),
}).meta({ id: 'Shipment' });

export const ShipmentList = z
  .object({ items: z.array(ShipmentSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'ShipmentList' });

export const Accepted = z.object({ id: z.string(), status: z.string() }).meta({ id: 'ShipmentAccepted' });

export const ListQuery = z
  .object({
    status: z.string().regex(/^[A-Z_]{1,32}$/).optional(),
    mode: z.enum(['9610', '9710', '9810', '1210']).optional(),
    orderNo: z.string().trim().min(1).max(60).optional().meta({ description: 'Order numbers starting with this text (case-insensitive)' }),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const StatusCounts = z
  .object({ byStatus: z.array(z.object({ status: z.string(), count: z.number().int() })), total: z.number().int() })
  .meta({ id: 'ShipmentStatusCounts' });

/** Ops work queues: shipments of every enterprise in one status that needs ops (RISK_HOLD, INSPECTION, …). */
export const OpsListQuery = z
  .object({
    status: z.enum(['RISK_HOLD', 'INSPECTION', 'REJECTED', 'SLA_BREACHED', 'CANCELLING']),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const OpsShipmentList = z
  .object({ items: z.array(ShipmentSummary.extend({ enterpriseId: z.string(), lastInfo: z.string().nullable() })), nextCursor: z.string().nullable() })
  .meta({ id: 'OpsShipmentList' });

/** One shipment of any enterprise, as ops read it (the enterprise's own view plus whose it is). */
export const OpsShipmentDetail = ShipmentDetail.extend({ enterpriseId: z.string() }).meta({ id: 'OpsShipment' });

/** What the console needs to know about the platform's setup (ops only). */
export const OpsSettings = z
  .object({
    temporalUi: z
      .object({
        url: z.string().meta({ description: 'Base URL of the Temporal Web UI (TEMPORAL_UI_URL)' }),
        namespace: z.string(),
      })
      .nullable()
      .meta({ description: 'Where a shipment\'s workflow opens: <url>/namespaces/<namespace>/workflows/<shipment id>; null when no Web UI is configured' }),
  })
  .meta({ id: 'OpsSettings' });

export const IdParams = z.object({ id: z.string().min(1).max(200) });

export const CorrectionBody = z
  .object({
    reason: z.string().trim().min(1).max(500),
    items: z.array(ShipmentItem).min(1).max(100).optional(),
    importItems: z.array(ImportItem).min(1).max(99).optional().meta({ description: '1210 orders: the corrected lines' }),
    grossWeightKg: Shipment9610.shape.grossWeightKg.optional(),
    netWeightKg: Shipment9610.shape.netWeightKg.optional(),
    destination: Shipment9610.shape.destination.optional(),
  })
  .strict()
  .meta({ id: 'Correction' });

export const CancelBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict().meta({ id: 'CancelRequest' });

/** Accepted for older clients and ignored: the acting ops person is the one whose key is used. */
export const IgnoredOperator = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .optional()
  .meta({ deprecated: true, description: 'Ignored: the acting ops person is taken from the ops key (recorded in the audit trail)' });

export const InspectionBody = z
  .object({ outcome: z.enum(['CLEARED', 'SEIZED']), note: z.string().trim().min(1).max(1000), operator: IgnoredOperator })
  .strict()
  .meta({ id: 'InspectionResolution' });

export const RefundRetryBody = z
  .object({ note: z.string().trim().min(1).max(1000) })
  .strict()
  .meta({ id: 'RefundRetry' });

export const RefundHoldBody = z
  .object({
    reason: z.enum(['UNKNOWN_RATE']),
    hsCodes: z.array(z.string()).meta({ description: 'Commodity codes with no known export refund rate on the export date' }),
    exportDate: z.string().meta({ description: 'Export date (China date) the rates were looked up for' }),
    since: z.string(),
    retries: z.number().int(),
  })
  .meta({ id: 'RefundHold', description: 'The export refund is held for ops: load the zone rates (cbec refund-rates load) and retry' });

export const StateBody = z
  .object({ status: z.string(), stage: z.string(), revision: z.number().int(), lastRejection: z.string().optional(), refundHold: RefundHoldBody.optional() })
  .meta({ id: 'ShipmentState' });

export { ShipmentCreate };
