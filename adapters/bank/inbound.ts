import { z } from 'zod';
import { authenticateSigned, JSON_REPLIES, parseJsonWith, type Inbound } from '../kit/inbound.js';
import { FundsReceivedEventSchema, type FundsReceivedEvent } from './port.js';

/**
 * A funds notice (POST /v1/callbacks/<bank or payment institution>) in the platform's shape
 * (bank B and the payment institution send it through their translating gateway, wire.ts): the
 * port's FundsReceivedEventSchema, with `type` free (only FUNDS_RECEIVED is acted on; others are
 * stored and ignored) and `valueDate`/`bankRef` optional, as accepted before.
 */
export const FundsCallbackSchema = FundsReceivedEventSchema.extend({
  type: z.string().min(1).max(64).optional(),
  valueDate: z.iso.date().optional(),
  bankRef: z.string().min(1).max(64).optional(),
});
export type FundsCallback = z.infer<typeof FundsCallbackSchema>;

export const fundsInbound: Inbound<FundsCallback> = {
  ...JSON_REPLIES,
  authenticate: authenticateSigned,
  parse: (raw) => parseJsonWith(FundsCallbackSchema, raw),
};

/**
 * The inbound part of a provider that may also send its own notice format (bank B's 入账通知, the
 * payment institution's webhook): a body that is the native notice is read as one and mapped onto
 * the platform's shape (no translating gateway needed); any other body is read as the platform's.
 */
export function fundsInboundWithNative<S extends z.ZodType>(native: S, toEvent: (notice: z.infer<S>) => FundsReceivedEvent): Inbound<FundsCallback> {
  return {
    ...fundsInbound,
    parse(raw) {
      const asNative = parseJsonWith(native, raw);
      return asNative.ok ? { ok: true, notice: toEvent(asNative.notice) } : fundsInbound.parse(raw);
    },
  };
}
