import { z } from 'zod';

/** Zod building blocks the ports share. Their messages reach callers in the simulators' 400 answers. */
export const IsoTime = z.iso.datetime({ offset: true });
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code');
/** The platform's business reference (shipment or order id), echoed back by the outside system. */
export const Reference = z.string().min(1).max(64);
/** Customs export inventory number (清单编号). */
export const InvtNo = z.string().regex(/^[0-9A-Za-z]{1,20}$/, '1-20 letters or digits');

/** A decimal string: up to `integers` integer digits without leading zeros, up to `decimals` decimals. */
export function decimalString(integers: number, decimals: number, message = `a decimal string with at most ${decimals} decimals`) {
  return z.string().regex(new RegExp(`^(0|[1-9]\\d{0,${integers - 1}})(\\.\\d{1,${decimals}})?$`), message);
}

/** A decimal string (see decimalString) that must be greater than 0. */
export const positive = (decimal: z.ZodString) => decimal.refine((s) => /[1-9]/.test(s), 'must be greater than 0');
