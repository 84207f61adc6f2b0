/**
 * AS2 (RFC 4130), one of the DXP transport protocols (docs/reference/ceb-messages.md §3.3:
 * "as2、as3、mq、jms、amqp"): the DxpMsg is the HTTP POST body, addressed by the AS2 headers, and
 * answered with a synchronous MDN (multipart/report, RFC 4130 §7 / RFC 8098).
 *
 * Not implemented (see adapters/single-window/README.md, "The national DXP route"): S/MIME
 * signing and encryption of the payload (application/pkcs7-mime), signed MDNs and the
 * Received-content-MIC, asynchronous MDNs. The business XML inside is signed per §4 (signing/).
 */
import { randomUUID } from 'node:crypto';
import { DXP_ERRORS, type DxpErrorCode } from './codes.js';

/** Where a DXP transport node (the simulator's, or a zone's gateway to China E-port) takes AS2 posts. */
export const AS2_PATH = '/dxp/as2';
export const AS2_VERSION = '1.2';
/** Our extension field of the MDN's machine-readable part: the DXP error code of a refusal. */
export const DXP_ERROR_FIELD = 'X-DXP-Error-Code';

/** RFC 4130 §6.2: AS2 names are 1–128 printable ASCII characters (DXP ids are ≤16 letters and digits). */
const AS2_NAME = /^[\x21-\x7e]{1,128}$/;

export interface As2Addressing {
  from: string;
  to: string;
  /** Message-ID without angle brackets; identical on every retry of one message. */
  messageId: string;
  /** Where the MDN goes (RFC 4130 §7.1; any value asks for a synchronous MDN over HTTP). */
  notificationTo: string;
}

/** The AS2 request headers of a DxpMsg post. */
export function as2Headers(a: As2Addressing): Record<string, string> {
  for (const [name, v] of [['AS2-From', a.from], ['AS2-To', a.to]] as const) {
    if (!AS2_NAME.test(v)) throw new Error(`${name} must be 1–128 printable ASCII characters`);
  }
  return {
    'as2-version': AS2_VERSION,
    'as2-from': a.from,
    'as2-to': a.to,
    'message-id': `<${a.messageId}>`,
    'disposition-notification-to': a.notificationTo,
    'content-type': 'application/xml',
  };
}

/** A Message-ID from an idempotency key: the same message keeps its id across retries. */
export function as2MessageId(key: string, host = 'cbec-hub'): string {
  return `${key.replace(/[^A-Za-z0-9._:-]/g, '_')}@${host}`;
}

export interface Mdn {
  originalMessageId: string;
  /** Who reports (AS2-To of the original). */
  finalRecipient: string;
  /** `processed`, or `processed/error: <description>`. */
  disposition: string;
  /** The DXP error code of a refusal. */
  dxpCode?: string;
  /** The human-readable part. */
  text: string;
}

/** A synchronous MDN (RFC 4130 §7.4.3): content type and body of the HTTP answer. */
export function buildMdn(opts: { originalMessageId: string; recipient: string; reportingUa: string; text?: string; error?: { code: DxpErrorCode; detail: string } }): { contentType: string; body: string } {
  const boundary = `mdn-${randomUUID()}`;
  const e = opts.error;
  // RFC 4130 §7.4.3 names no DXP errors: every refusal is an unexpected-processing-error, its DXP code in DXP_ERROR_FIELD
  const disposition = `automatic-action/MDN-sent-automatically; ${e ? 'processed/error: unexpected-processing-error' : 'processed'}`;
  const human = e ? `DXP ${e.code} ${DXP_ERRORS[e.code]}: ${e.detail}` : (opts.text ?? 'The message was received and accepted by the DXP transport node.');
  const report = [
    `Reporting-UA: ${opts.reportingUa}`,
    `Original-Recipient: rfc822; ${opts.recipient}`,
    `Final-Recipient: rfc822; ${opts.recipient}`,
    `Original-Message-ID: <${opts.originalMessageId.replace(/^<|>$/g, '')}>`,
    `Disposition: ${disposition}`,
    ...(e ? [`${DXP_ERROR_FIELD}: ${e.code}`] : []),
  ].join('\r\n');
  const body = [
    `--${boundary}`, 'Content-Type: text/plain; charset=utf-8', '', human,
    `--${boundary}`, 'Content-Type: message/disposition-notification', '', report, '',
    `--${boundary}--`, '',
  ].join('\r\n');
  return { contentType: `multipart/report; report-type=disposition-notification; boundary="${boundary}"`, body };
}

/** Reads a synchronous MDN; undefined when the answer is not one. */
export function parseMdn(contentType: string | null, body: string): Mdn | undefined {
  if (!contentType || !/^multipart\/report/i.test(contentType)) return undefined;
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return undefined;
  const parts = body.split(`--${boundary}`).slice(1).filter((p) => !p.startsWith('--'));
  let text = '';
  let fields: Record<string, string> | undefined;
  for (const part of parts) {
    const [head = '', ...rest] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    const content = rest.join('\r\n\r\n').trim();
    if (/content-type:\s*message\/disposition-notification/i.test(head)) {
      fields = {};
      for (const line of content.split(/\r?\n/)) {
        const i = line.indexOf(':');
        if (i > 0) fields[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
    } else if (/content-type:\s*text\/plain/i.test(head)) text = content;
  }
  if (!fields?.disposition) return undefined;
  const code = fields[DXP_ERROR_FIELD.toLowerCase()];
  return {
    originalMessageId: (fields['original-message-id'] ?? '').replace(/^<|>$/g, ''),
    finalRecipient: (fields['final-recipient'] ?? '').replace(/^rfc822;\s*/i, ''),
    disposition: fields.disposition.replace(/^automatic-action\/MDN-sent-automatically;\s*/i, ''),
    ...(code ? { dxpCode: code } : {}),
    text,
  };
}
