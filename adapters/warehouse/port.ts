import { z } from 'zod';
import { requestErrorCodes } from '../kit/errors.js';
import { CurrencyCode, decimalString, InvtNo, IsoTime, positive, Reference } from '../kit/schemas.js';

/**
 * The capability every warehouse offers the platform, whatever its kind: an overseas warehouse
 * holding 9810 stock abroad (docs/reference/domain-rules.md §1.5, §5.4) or the warehouse enterprise in a B-type
 * bonded logistics centre holding 1210 bonded stock (§1.6). Inbound bookings are received into a
 * per-warehouse, per-SKU stock; orders are picked from it, shipped and delivered; returns come
 * back into it. Events arrive as signed JSON callbacks (WarehouseEventSchema).
 */
export const WarehouseCode = z.string().regex(/^[A-Z0-9-]{3,20}$/, '3-20 upper-case letters, digits or -');
export const Sku = z.string().regex(/^[\w.-]{1,40}$/, '1-40 letters, digits, _ . -');
export const Qty = z.number().int().min(1).max(1_000_000);
/** inboundNo, outboundNo, returnNo, batchNo: the warehouse's document numbers. */
export const DocumentNo = z.string().regex(/^[A-Z0-9-]{6,40}$/, '6-40 upper-case letters, digits or -');
export const Reason = z.string().trim().min(1).max(200);
export const Money = decimalString(13, 2, 'a decimal string with at most 2 decimals');

/** Lines name each SKU once (a business document has one line per SKU). */
function uniqueSkus<L extends { sku: string }>(line: z.ZodType<L>) {
  return z
    .array(line)
    .min(1)
    .max(200)
    .refine((lines) => new Set(lines.map((l) => l.sku)).size === lines.length, 'each sku at most once');
}

export const InboundLineSchema = z.object({
  sku: Sku,
  name: z.string().trim().min(1).max(250),
  qty: Qty,
  /** Declared price per unit (9810: the export price on the booking order; the overseas warehouse requires it). */
  unitPrice: positive(decimalString(13, 4)).optional(),
  currency: CurrencyCode.optional(),
});
export type InboundLine = z.infer<typeof InboundLineSchema>;

export const AnnounceInboundRequestSchema = z.object({
  /** The platform's business reference (shipment id), echoed in every event of this inbound. */
  reference: Reference,
  warehouseCode: WarehouseCode,
  lines: uniqueSkus(InboundLineSchema),
  /** The carrier's booking the goods travel on. */
  carrierBookingNo: z.string().regex(/^[A-Z0-9-]{6,32}$/).optional(),
  /** When the goods should reach the warehouse (e.g. the carrier's plannedArrival); receiving starts then. */
  expectedAt: IsoTime.optional(),
});
export type AnnounceInboundRequest = z.infer<typeof AnnounceInboundRequestSchema>;

/** The request shape for a warehouse whose lines need more (the overseas warehouse: prices). */
export function inboundRequestSchema<L extends InboundLine>(line: z.ZodType<L>) {
  return AnnounceInboundRequestSchema.extend({ lines: uniqueSkus(line) });
}

/** What every inbound booking answer has; each warehouse adds its own fields. */
export const InboundBookingSchema = z.object({ inboundNo: DocumentNo, warehouseCode: WarehouseCode });
export type InboundBooking = z.infer<typeof InboundBookingSchema>;

export const CancelInboundRequestSchema = z.object({ inboundNo: DocumentNo, reason: Reason });
export type CancelInboundRequest = z.infer<typeof CancelInboundRequestSchema>;
export const InboundCancellationSchema = z.object({ inboundNo: DocumentNo, cancelled: z.literal(true) });
export type InboundCancellation = z.infer<typeof InboundCancellationSchema>;

export const OrderLineSchema = z.object({ sku: Sku, qty: Qty });
export type OrderLine = z.infer<typeof OrderLineSchema>;

export const ConsigneeSchema = z.object({
  name: z.string().trim().min(1).max(100),
  telephone: z.string().regex(/^\+?[\d -]{6,20}$/, 'a telephone number'),
  address: z.string().trim().min(1).max(200),
});
export type Consignee = z.infer<typeof ConsigneeSchema>;

export const FulfilOrderRequestSchema = z.object({
  /** The platform's reference of the order (1210: the import shipment id), echoed in its events. */
  reference: Reference,
  warehouseCode: WarehouseCode,
  orderNo: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, '1-60 letters, digits, _ or -'),
  /** Customs inventory number (清单编号) whose release lets the goods leave (the bonded warehouse requires it). */
  invtNo: InvtNo.optional(),
  lines: uniqueSkus(OrderLineSchema),
  consignee: ConsigneeSchema,
  /** The domestic (or last-mile) carrier's waybill number. */
  logisticsNo: z.string().regex(/^[A-Za-z0-9-]{1,60}$/, '1-60 letters, digits or -'),
});
export type FulfilOrderRequest = z.infer<typeof FulfilOrderRequestSchema>;
export const OutboundSchema = z.object({ outboundNo: DocumentNo });
export type Outbound = z.infer<typeof OutboundSchema>;

export const CancelOrderRequestSchema = z.object({ outboundNo: DocumentNo, reason: Reason });
export type CancelOrderRequest = z.infer<typeof CancelOrderRequestSchema>;
export const OrderCancellationSchema = z.object({ outboundNo: DocumentNo, cancelled: z.literal(true) });
export type OrderCancellation = z.infer<typeof OrderCancellationSchema>;

export const ReturnOrderRequestSchema = z.object({ outboundNo: DocumentNo, lines: uniqueSkus(OrderLineSchema), reason: Reason });
export type ReturnOrderRequest = z.infer<typeof ReturnOrderRequestSchema>;
export const ReturnReceiptSchema = z.object({ returnNo: DocumentNo });
export type ReturnReceipt = z.infer<typeof ReturnReceiptSchema>;

export const StockQuerySchema = z.object({ warehouseCode: WarehouseCode, sku: Sku.optional() });
export type StockQuery = z.infer<typeof StockQuerySchema>;
/** One SKU's stock: onHand = in the warehouse, reserved = promised to orders not yet shipped, available = onHand − reserved. */
export const StockLineSchema = z.object({
  sku: Sku,
  onHand: z.number().int().min(0),
  reserved: z.number().int().min(0),
  available: z.number().int().min(0),
});
export type StockLine = z.infer<typeof StockLineSchema>;
export const StockAnswerSchema = z.object({ warehouseCode: WarehouseCode, lines: z.array(StockLineSchema) });

/** What every event carries. `at` is when it happened; `reference` is the inbound's or the order's. */
const eventBase = { eventId: z.string().min(1), reference: z.string().min(1), at: IsoTime, warehouseCode: WarehouseCode };

/** Goods received: qtyReceived good units are now available, qtyDamaged are set aside (not stock). */
export const InboundReceivedEventSchema = z.object({
  ...eventBase,
  type: z.literal('INBOUND_RECEIVED'),
  inboundNo: DocumentNo,
  lines: z.array(z.object({ sku: Sku, qtyReceived: z.number().int().min(0), qtyDamaged: z.number().int().min(0) })),
});
/** Overseas warehouse: a batch of an inbound's stock sold abroad in [periodFrom, periodTo]. */
export const SalesReportedEventSchema = z.object({
  ...eventBase,
  type: z.literal('SALES_REPORTED'),
  inboundNo: DocumentNo,
  batchNo: DocumentNo,
  lines: z.array(z.object({ sku: Sku, qty: Qty, amount: Money, currency: CurrencyCode })).min(1),
  periodFrom: IsoTime,
  periodTo: IsoTime,
});
/** Overseas warehouse: nothing of the inbound's stock is left. */
export const StockSoldOutEventSchema = z.object({ ...eventBase, type: z.literal('STOCK_SOLD_OUT'), inboundNo: DocumentNo });
const orderEvent = { ...eventBase, outboundNo: DocumentNo, orderNo: z.string().min(1), logisticsNo: z.string().min(1) };
/** The parcel left the warehouse (1210: second-line exit 二线出区) with the carrier. */
export const OrderShippedEventSchema = z.object({ ...orderEvent, type: z.literal('ORDER_SHIPPED') });
export const OrderDeliveredEventSchema = z.object({ ...orderEvent, type: z.literal('ORDER_DELIVERED'), signedBy: z.string().min(1) });
/** The parcel could not be delivered and is back in stock (its lines). */
export const OrderReturnedEventSchema = z.object({
  ...orderEvent,
  type: z.literal('ORDER_RETURNED'),
  reason: z.string().min(1),
  lines: z.array(OrderLineSchema).min(1),
});

export const WarehouseEventSchema = z.discriminatedUnion('type', [
  InboundReceivedEventSchema,
  SalesReportedEventSchema,
  StockSoldOutEventSchema,
  OrderShippedEventSchema,
  OrderDeliveredEventSchema,
  OrderReturnedEventSchema,
]);
export type WarehouseEvent = z.infer<typeof WarehouseEventSchema>;
export type WarehouseEventType = WarehouseEvent['type'];
export type InboundReceivedEvent = z.infer<typeof InboundReceivedEventSchema>;
export type SalesReportedEvent = z.infer<typeof SalesReportedEventSchema>;
export type StockSoldOutEvent = z.infer<typeof StockSoldOutEventSchema>;
export type OrderShippedEvent = z.infer<typeof OrderShippedEventSchema>;
export type OrderDeliveredEvent = z.infer<typeof OrderDeliveredEventSchema>;
export type OrderReturnedEvent = z.infer<typeof OrderReturnedEventSchema>;

/** The request codes and business rejections every warehouse answers (README.md, error codes). */
export const WarehouseErrorCode = {
  ...requestErrorCodes('WAREHOUSE'),
  UnknownWarehouse: 'WAREHOUSE.UNKNOWN_WAREHOUSE',
  InboundNotFound: 'WAREHOUSE.INBOUND_NOT_FOUND',
  AlreadyReceived: 'WAREHOUSE.ALREADY_RECEIVED',
  InsufficientStock: 'WAREHOUSE.INSUFFICIENT_STOCK',
  DuplicateOrder: 'WAREHOUSE.DUPLICATE_ORDER',
  OrderNotFound: 'WAREHOUSE.ORDER_NOT_FOUND',
  AlreadyShipped: 'WAREHOUSE.ALREADY_SHIPPED',
  NotShipped: 'WAREHOUSE.NOT_SHIPPED',
  ReturnExceedsShipped: 'WAREHOUSE.RETURN_EXCEEDS_SHIPPED',
} as const;
export type WarehouseErrorCode = (typeof WarehouseErrorCode)[keyof typeof WarehouseErrorCode];

/**
 * A warehouse. `InReq`/`In` let a warehouse narrow the inbound request and widen its answer,
 * `OutReq` narrow the order (the bonded warehouse requires `invtNo`).
 */
export interface WarehousePort<
  InReq extends AnnounceInboundRequest = AnnounceInboundRequest,
  In extends InboundBooking = InboundBooking,
  OutReq extends FulfilOrderRequest = FulfilOrderRequest,
> {
  /** Books goods in (入库预报; 9810 booking order 订仓单; 1210 first-line entry); INBOUND_RECEIVED when they are counted in. */
  announceInbound(req: InReq, idempotencyKey: string): Promise<In>;
  /** Cancels an inbound booking before the goods were received (else WAREHOUSE.ALREADY_RECEIVED). */
  cancelInbound(req: CancelInboundRequest, idempotencyKey: string): Promise<InboundCancellation>;
  /** Reserves the lines out of available stock at once (else WAREHOUSE.INSUFFICIENT_STOCK), then picks, ships, delivers. */
  fulfilOrder(req: OutReq, idempotencyKey: string): Promise<Outbound>;
  /** Cancels an order before it shipped; its reservation goes back to available stock (else WAREHOUSE.ALREADY_SHIPPED). */
  cancelOrder(req: CancelOrderRequest, idempotencyKey: string): Promise<OrderCancellation>;
  /** Takes returned units of a shipped order back into stock. */
  returnOrder(req: ReturnOrderRequest, idempotencyKey: string): Promise<ReturnReceipt>;
  /** The stock of a warehouse (one SKU or all), read only. */
  stock(query: StockQuery): Promise<StockLine[]>;
}
