import { AdapterError, TransportErrorCode } from '../kit/errors.js';
import { createHttpClient, type HttpLogger } from '../kit/http.js';
import { decodeXml, parseReceipts } from './ceb/index.js';
import { ENTRY_DECLARATION_TYPE, ENTRY_RETURN_TYPE, parseEntryReturn } from './entry/format.js';
import { SingleWindowErrorCode, type SingleWindowPort } from './port.js';

export interface SingleWindowClientOptions {
  /** Gateway root, e.g. http://api.cdkjt.net:8888 or the simulator's http://127.0.0.1:4101 */
  baseUrl: string;
  timeoutMs?: number;
  /** Redacted exchange log (kit/http.ts): buyer ID numbers, names, telephones, signatures never appear. */
  logger?: HttpLogger;
}

/** An answer's text: XML by its declaration (BOM, encoding="gb2312"…), anything else as UTF-8. */
export function answerText(res: { text: string; bytes: Uint8Array }): string {
  if (!res.text.trimStart().startsWith('<')) return res.text;
  try {
    return decodeXml(res.bytes);
  } catch {
    return res.text; // an unknown declared encoding: the parse below reports what it can
  }
}

/** The synchronous answer: a CEB receipt, or the receipt of our own customs declaration format (entry/format.ts). */
function syncReceipt(text: string): { returnStatus: string; returnInfo: string } | undefined {
  return text.includes(ENTRY_RETURN_TYPE) ? parseEntryReturn(text) : parseReceipts(text)[0];
}

/** The Chengdu gateway's declaration endpoint (ceb-messages.md §3.4). */
export const DECLARE_PATH = '/cbec-gateway/rest/declare';

/**
 * The Sichuan Single Window through the Chengdu gateway: one CEB message per form POST
 * (`xml=<message>`). The gateway answers synchronously with plain text when it cannot parse the
 * message, else with a receipt of the matching type: 5 = pre-processed, -1 = system exception.
 * Business receipts arrive later on the platform's callback route.
 */
export function createSingleWindowClient(opts: SingleWindowClientOptions): SingleWindowPort {
  const http = createHttpClient({
    system: 'single-window', baseUrl: opts.baseUrl, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}), ...(opts.logger ? { logger: opts.logger } : {}),
  });

  const port: SingleWindowPort = {
    declareEntry: (declaration, idempotencyKey) => port.submit({ messageType: ENTRY_DECLARATION_TYPE, xml: declaration.xml }, idempotencyKey),
    async submit(message, idempotencyKey) {
      const res = await http.postForm(DECLARE_PATH, { xml: message.xml }, { idempotencyKey });
      // an XML answer reads by its declaration (a GB2312 receipt's text would garble as UTF-8)
      const text = answerText(res).trim();
      const what = `single-window: ${message.messageType}`;
      if (res.status >= 400) {
        let code: string = TransportErrorCode.ClientError;
        try {
          const body = JSON.parse(text) as { code?: unknown };
          if (typeof body.code === 'string') code = body.code;
        } catch {
          // not JSON: keep the generic code
        }
        throw new AdapterError({ code, message: `${what} answered ${res.status}: ${text.slice(0, 300)}`, retryable: false, status: res.status });
      }
      if (!text.startsWith('<')) {
        // The gateway answers plain text when the XML could not be parsed (format error).
        throw new AdapterError({
          code: SingleWindowErrorCode.FormatError,
          message: `${what} refused by the gateway: ${text.slice(0, 1000) || '(empty answer)'}`,
          retryable: false,
          status: res.status,
          details: { text },
        });
      }
      let status: string | undefined;
      let info = '';
      try {
        const receipt = syncReceipt(text);
        status = receipt?.returnStatus.trim();
        info = receipt?.returnInfo ?? '';
      } catch {
        status = undefined;
      }
      if (status === '5') return { syncStatus: '5', syncInfo: info };
      if (status === '-1') {
        throw new AdapterError({
          code: SingleWindowErrorCode.SystemError,
          message: `${what}: gateway system exception (-1): ${info}`,
          retryable: true,
          status: res.status,
        });
      }
      if (status !== undefined && /^-\d+$/.test(status)) {
        throw new AdapterError({ code: SingleWindowErrorCode.FormatError, message: `${what} refused (${status}): ${info}`, retryable: false, status: res.status });
      }
      throw new AdapterError({
        code: TransportErrorCode.BadResponse,
        message: `${what}: unexpected synchronous answer${status === undefined ? ' (not a receipt)' : ` (status ${status})`}: ${text.slice(0, 300)}`,
        retryable: false,
        status: res.status,
      });
    },
  };
  return port;
}
