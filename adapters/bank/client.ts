import { createHttpClient, type AdapterClientOptions } from '../kit/http.js';
import { OpenCollectionResultSchema, QuoteSchema, SettlementSchema, type BankPort } from './port.js';

/**
 * `baseUrl` e.g. https://fx-api.bank.example/ or the simulator's http://127.0.0.1:4103;
 * `headers`: credentials the bank issues (API key, channel id), from config.
 */
export type BankClientOptions = AdapterClientOptions;

/**
 * The bank's FX API over HTTP. Transport failures come out as retryable AdapterErrors (kit),
 * business rejections as non-retryable ones carrying the bank's `BANK.*` code.
 */
export function createBankClient(options: BankClientOptions): BankPort {
  const http = createHttpClient({ system: 'bank', ...options });
  return {
    openCollection: (req, key) => http.postParsed('/v1/collections', req, key, OpenCollectionResultSchema),
    quote: (req, key) => http.postParsed('/v1/fx/quotes', req, key, QuoteSchema),
    settle: (req, key) => http.postParsed('/v1/fx/settlements', req, key, SettlementSchema),
  };
}
