import { z } from 'zod';
import { AdapterError, TransportErrorCode } from '../kit/errors.js';
import { createHttpClient, type HttpLogger } from '../kit/http.js';
import { ReceiptPageSchema, RECEIPTS_PATH, type ReceiptQuery } from './receipt-query.js';

/** The gateway's receipt query over HTTP (a GET: repeating it changes nothing, so it needs no idempotency key). */
export function createReceiptQuery(opts: { baseUrl: string; timeoutMs?: number; logger?: HttpLogger }): ReceiptQuery {
  const http = createHttpClient({
    system: 'single-window', baseUrl: opts.baseUrl, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}), ...(opts.logger ? { logger: opts.logger } : {}),
  });
  return {
    async after(after, limit) {
      const page = ReceiptPageSchema.safeParse(await http.getJson(`${RECEIPTS_PATH}?after=${after}&limit=${limit}`));
      if (!page.success) {
        throw new AdapterError({ code: TransportErrorCode.BadResponse, message: `single-window: GET ${RECEIPTS_PATH} answered a body outside the contract: ${z.prettifyError(page.error)}`, retryable: false });
      }
      return page.data.receipts;
    },
  };
}
