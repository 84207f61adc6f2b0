import { createHttpClient, type AdapterClientOptions } from '../kit/http.js';
import { ClaimSchema, PolicySchema, QuoteSchema, type InsurerPort } from './port.js';

/** `baseUrl`: the insurer's API (config INSURER_URL) or its simulator; `headers`: its credentials, from config. */
export type InsurerClientOptions = AdapterClientOptions;

/**
 * The insurer's API over HTTP (README.md). Transport failures come out as retryable AdapterErrors,
 * business rejections as non-retryable ones carrying the `INSURER.*` code.
 */
export function createInsurerClient(options: InsurerClientOptions): InsurerPort {
  const http = createHttpClient({ system: 'insurer', ...options });
  return {
    quote: (req, key) => http.postParsed('/v1/quotes', req, key, QuoteSchema),
    bind: (req, key) => http.postParsed('/v1/policies', req, key, PolicySchema),
    claim: (req, key) => http.postParsed('/v1/claims', req, key, ClaimSchema),
  };
}
