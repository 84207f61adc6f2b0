import { z } from 'zod';
import { AdapterError, TransportErrorCode } from '../kit/errors.js';
import { createHttpClient, type AdapterClientOptions } from '../kit/http.js';
import {
  InboundBookingSchema,
  InboundCancellationSchema,
  OrderCancellationSchema,
  OutboundSchema,
  ReturnReceiptSchema,
  StockAnswerSchema,
  type AnnounceInboundRequest,
  type FulfilOrderRequest,
  type InboundBooking,
  type WarehousePort,
} from './port.js';

/** `baseUrl` of the warehouse's API (or its simulator); `headers`: credentials from config. */
export type WarehouseClientOptions = AdapterClientOptions;

/**
 * The warehouse API (README.md) over HTTP, shared by every warehouse. The idempotency key goes
 * in a header on every POST; transport failures come out as retryable AdapterErrors (kit),
 * business rejections as non-retryable ones with their `WAREHOUSE.*` code. `inboundSchema`
 * checks a warehouse's wider inbound answer (default: inboundNo and warehouseCode only).
 */
export function createWarehouseClient<
  InReq extends AnnounceInboundRequest = AnnounceInboundRequest,
  In extends InboundBooking = InboundBooking,
  OutReq extends FulfilOrderRequest = FulfilOrderRequest,
>(system: string, options: WarehouseClientOptions, inboundSchema: z.ZodType<In> = InboundBookingSchema as z.ZodType<In>): WarehousePort<InReq, In, OutReq> {
  const http = createHttpClient({ system, ...options });
  const path = (kind: 'inbounds' | 'outbounds', no: string, what: string) => `/v1/${kind}/${encodeURIComponent(no)}/${what}`;
  return {
    announceInbound: (req, key) => http.postParsed('/v1/inbounds', req, key, inboundSchema),
    cancelInbound: ({ inboundNo, reason }, key) =>
      http.postParsed(path('inbounds', inboundNo, 'cancellation'), { reason }, key, InboundCancellationSchema),
    fulfilOrder: (req, key) => http.postParsed('/v1/outbounds', req, key, OutboundSchema),
    cancelOrder: ({ outboundNo, reason }, key) =>
      http.postParsed(path('outbounds', outboundNo, 'cancellation'), { reason }, key, OrderCancellationSchema),
    returnOrder: ({ outboundNo, lines, reason }, key) =>
      http.postParsed(path('outbounds', outboundNo, 'returns'), { lines, reason }, key, ReturnReceiptSchema),
    async stock({ warehouseCode, sku }) {
      const query = sku === undefined ? '' : `?sku=${encodeURIComponent(sku)}`;
      const parsed = StockAnswerSchema.safeParse(await http.getJson(`/v1/warehouses/${encodeURIComponent(warehouseCode)}/stock${query}`));
      if (!parsed.success) {
        throw new AdapterError({
          code: TransportErrorCode.BadResponse,
          message: `${system}: GET stock answered a body outside the contract: ${z.prettifyError(parsed.error)}`,
          retryable: false,
        });
      }
      return parsed.data.lines;
    },
  };
}
