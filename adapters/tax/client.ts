import { createHttpClient, type AdapterClientOptions } from '../kit/http.js';
import { AdapterError } from '../kit/errors.js';
import { ExemptionRecordSchema, RefundApplicationSchema, RefundStatusSchema, type TaxPort } from './port.js';

/**
 * `baseUrl` e.g. the e-tax bureau's enterprise API, or the simulator's http://127.0.0.1:4104;
 * `headers`: credentials the bureau issues to the platform, from config.
 */
export type TaxClientOptions = AdapterClientOptions;

/**
 * The e-tax bureau's exemption-record and refund-application API over HTTP. Transport failures come out as retryable
 * AdapterErrors (kit), business rejections as non-retryable ones with the bureau's `TAX.*` code.
 */
export function createTaxClient(options: TaxClientOptions): TaxPort {
  const http = createHttpClient({ system: 'tax', ...options });
  return {
    recordExemption: (req, key) => http.postParsed('/v1/exemption-records', req, key, ExemptionRecordSchema),
    applyRefund: (req, key) => http.postParsed('/v1/refund-applications', req, key, RefundApplicationSchema),
    async refundStatus(applicationNo) {
      const parsed = RefundStatusSchema.safeParse(await http.getJson<unknown>(`/v1/refund-applications/${encodeURIComponent(applicationNo)}`));
      if (!parsed.success) throw new AdapterError({ code: 'TRANSPORT.BAD_RESPONSE', message: `tax: refund status outside the contract: ${parsed.error.message}`, retryable: false });
      return parsed.data;
    },
  };
}
