import { AdapterError, TransportErrorCode } from '../kit/errors.js';
import { createHttpClient, type AdapterClientOptions } from '../kit/http.js';
import { ApplicationSchema, DisbursementSchema, RepaymentSchema, StatementSchema, type LenderPort } from './port.js';

/**
 * `baseUrl`: the lender's API (config <LENDER>_URL) or its simulator; `headers`: the credentials the
 * lender issues to the platform (API key, channel id), from config, never from code.
 */
export type LenderClientOptions = AdapterClientOptions;

/**
 * A lender's trade-finance API over HTTP (README.md). Transport failures come out as retryable
 * AdapterErrors (kit), business rejections as non-retryable ones carrying the `LENDER.*` code. No
 * retries here: Temporal retries the activity, with the same idempotency key.
 */
export function createLenderClient(system: string, options: LenderClientOptions): LenderPort {
  const http = createHttpClient({ system, ...options });
  return {
    apply: (req, key) => http.postParsed('/v1/applications', req, key, ApplicationSchema),
    submitDocuments: (req, key) => http.postParsed(`/v1/applications/${encodeURIComponent(req.applicationId)}/documents`, req, key, ApplicationSchema),
    disburse: (req, key) => http.postParsed('/v1/disbursements', req, key, DisbursementSchema),
    repay: (req, key) => http.postParsed('/v1/repayments', req, key, RepaymentSchema),
    async statement(id) {
      const parsed = StatementSchema.safeParse(await http.getJson(`/v1/loans/${encodeURIComponent(id)}`));
      if (parsed.success) return parsed.data;
      throw new AdapterError({ code: TransportErrorCode.BadResponse, message: `${system}: GET /v1/loans answered a body outside the contract`, retryable: false });
    },
  };
}
