import { authenticateSigned, type Inbound, type Parsed } from '../kit/inbound.js';
import { decodeXml, detectMessageType, parseReceipts, parseSummaryResults, parseTaxBills, type CebReceipt } from './ceb/index.js';
import type { SummaryResult, TaxBill } from './ceb/issued-types.js';
import { DxpError } from './dxp/codes.js';
import { ENTRY_RETURN_TYPE, parseEntryReturn } from './entry/format.js';
import { parseDxpMsg } from './dxp/envelope.js';

/** What the Single Window sends (POST /v1/callbacks/single-window), by message type. */
export type SingleWindowNotice =
  | { kind: 'TAX_BILLS'; bills: TaxBill[] }
  | { kind: 'SUMMARY_RESULTS'; results: SummaryResult[] }
  | { kind: 'RECEIPTS'; receipts: CebReceipt[] };

/**
 * The bytes of a form field (application/x-www-form-urlencoded): percent-escapes are bytes in
 * whatever encoding the sender used (a GB2312 receipt's are GB2312), so they are kept as bytes
 * and the XML declaration decides (decodeXml); URLSearchParams would read them as UTF-8.
 */
export function formFieldBytes(body: string, name: string): Uint8Array | undefined {
  for (const pair of body.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (formBytes(key).toString('utf8') !== name) continue;
    return formBytes(eq < 0 ? '' : pair.slice(eq + 1));
  }
  return undefined;
}

function formBytes(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const hex = c === '%' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (c === '+') out.push(0x20);
    else out.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(out);
}

function noticeOf(xml: string, field: string): Parsed<SingleWindowNotice> {
  try {
    const type = detectMessageType(xml);
    if (type === 'CEB816Message') return { ok: true, notice: { kind: 'TAX_BILLS', bills: parseTaxBills(xml) } };
    if (type === 'CEB792Message') return { ok: true, notice: { kind: 'SUMMARY_RESULTS', results: parseSummaryResults(xml) } };
    // receipts of a customs declaration (报关单): our own format, not official (entry/format.ts)
    if (type === ENTRY_RETURN_TYPE) return { ok: true, notice: { kind: 'RECEIPTS', receipts: [{ messageType: ENTRY_RETURN_TYPE, ...parseEntryReturn(xml) }] } };
    return { ok: true, notice: { kind: 'RECEIPTS', receipts: parseReceipts(xml) } };
  } catch (err) {
    return { ok: false, field, message: `the CEB message could not be parsed: ${(err as Error).message}` };
  }
}

/**
 * What the Single Window sends, on either transport:
 * - the Chengdu gateway: a form post whose field `message` holds one CEB message (ceb-messages.md §3.4);
 * - the national DXP route: a `DxpMsg` whose Base64 `Data` is the CEB message (§3.1, "receipts
 *   come back with the same id as SenderId"), posted by AS2 (adapters/single-window/dxp/).
 * Either way the CEB message is decoded by its own XML declaration (a GB2312 receipt reads as
 * GB2312): an e-tax bill (CEB816), a summary result (CEB792) or receipts of any other type.
 */
export function parseSingleWindowNotice(raw: string): Parsed<SingleWindowNotice> {
  if (raw.trimStart().startsWith('<')) return parseDxpNotice(raw);
  const bytes = formFieldBytes(raw, 'message');
  if (!bytes || bytes.length === 0) return { ok: false, field: 'body.message', message: 'form field "message" with the receipt XML is required' };
  let xml: string;
  try {
    xml = decodeXml(bytes);
  } catch (err) {
    return { ok: false, field: 'body.message', message: (err as Error).message };
  }
  return noticeOf(xml, 'body.message');
}

function parseDxpNotice(raw: string): Parsed<SingleWindowNotice> {
  let xml: string;
  try {
    xml = decodeXml(parseDxpMsg(raw).data);
  } catch (err) {
    const code = err instanceof DxpError ? `DXP ${err.dxpCode}: ` : '';
    return { ok: false, field: 'body', message: `not a DxpMsg: ${code}${(err as Error).message}` };
  }
  return noticeOf(xml, 'body.Data');
}

export const singleWindowInbound: Inbound<SingleWindowNotice> = {
  contentType: 'application/x-www-form-urlencoded',
  authenticate: authenticateSigned,
  parse: parseSingleWindowNotice,
  // the Single Window's gateway retries until it reads SUCCESS; the DXP sender takes any 2xx
  accepted: 'SUCCESS',
  duplicate: 'SUCCESS',
};
