import { AdapterError, TransportErrorCode } from '../../kit/errors.js';
import { createHttpClient, type HttpLogger } from '../../kit/http.js';
import { ENTRY_DECLARATION_TYPE } from '../entry/format.js';
import { SingleWindowErrorCode, type SingleWindowPort } from '../port.js';
import { AS2_PATH, as2Headers, as2MessageId, parseMdn } from './as2.js';
import { describeDxpError, dxpErrorClass, isRetryableDxpError } from './codes.js';
import { buildDxpMsg, cebReceiverFor, formatDxpTime } from './envelope.js';

export interface DxpClientOptions {
  /** The DXP transport node's AS2 endpoint root (a zone's access product, or the simulator). */
  baseUrl: string;
  /** The platform's DXP id (terminal node id assigned by China E-port, C..16): SenderId and AS2-From. */
  dxpId: string;
  timeoutMs?: number;
  logger?: HttpLogger;
  now?: () => Date;
}

/** What a DXP refusal means for the workflow, by the class of its code (ceb-messages.md §3.3). */
const CODE_OF_CLASS = {
  format: SingleWindowErrorCode.FormatError,
  security: SingleWindowErrorCode.DxpSecurity,
  routing: SingleWindowErrorCode.DxpRouting,
  system: SingleWindowErrorCode.SystemError,
  user: SingleWindowErrorCode.DxpRouting,
} as const;

/**
 * The Single Window over the national DXP route (ceb-messages.md §3.1–§3.3): each CEB message
 * wrapped in a terminal-node `DxpMsg` (SenderId = our DXP id, ReceiverId DXPEDCCEB0000003 for
 * export, DXPEDCCEB0000002 for import, Base64 Data) and posted by AS2 (dxp/as2.ts). The
 * synchronous MDN says whether the transport node took the message; a refusal carries a DXP
 * error code (3xxx retryable, the rest not). Receipts come back later, wrapped the same way, on
 * the platform's callback route (inbound.ts).
 */
export function createDxpClient(opts: DxpClientOptions): SingleWindowPort {
  const http = createHttpClient({
    system: 'single-window', baseUrl: opts.baseUrl, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}), ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const now = opts.now ?? (() => new Date());

  const port: SingleWindowPort = {
    // ⚠ our own message type in MsgType (entry/format.ts, not official); export receiver DXPEDCCEB0000003
    declareEntry: (declaration, idempotencyKey) => port.submit({ messageType: ENTRY_DECLARATION_TYPE, xml: declaration.xml }, idempotencyKey),
    async submit(message, idempotencyKey) {
      const receiver = cebReceiverFor(message.messageType);
      const what = `single-window (DXP): ${message.messageType}`;
      const body = buildDxpMsg({
        ver: '1.0',
        // the idempotency key: the same message keeps its CopMsgId on every retry
        copMsgId: idempotencyKey,
        senderId: opts.dxpId,
        receiverIds: [receiver],
        creatTime: formatDxpTime(now()),
        msgType: message.messageType,
        data: Buffer.from(message.xml, 'utf8'),
      });
      const messageId = as2MessageId(idempotencyKey);
      const res = await http.postText(AS2_PATH, body, {
        idempotencyKey,
        headers: as2Headers({ from: opts.dxpId, to: receiver, messageId, notificationTo: opts.dxpId }),
      });
      const mdn = parseMdn(res.headers.get('content-type'), res.text);
      if (!mdn) {
        throw new AdapterError({
          code: res.status >= 400 ? TransportErrorCode.ClientError : TransportErrorCode.BadResponse,
          message: `${what}: answered ${res.status} without an MDN: ${res.text.slice(0, 300)}`,
          retryable: false,
          status: res.status,
        });
      }
      if (mdn.disposition === 'processed') return { syncStatus: '5', syncInfo: mdn.text };
      const code = mdn.dxpCode ?? '3999';
      const cls = dxpErrorClass(code) ?? 'system';
      throw new AdapterError({
        code: CODE_OF_CLASS[cls],
        message: `${what} refused by the DXP node (${code} ${describeDxpError(code) ?? ''}): ${mdn.text.slice(0, 1000)}`,
        retryable: isRetryableDxpError(code),
        status: res.status,
        details: { dxpCode: code, disposition: mdn.disposition },
      });
    },
  };
  return port;
}
