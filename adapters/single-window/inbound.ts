import { authenticateSigned, type Inbound, type Parsed } from '../kit/inbound.js';
import { detectMessageType, parseReceipts, parseSummaryResults, parseTaxBills, type CebReceipt } from './ceb/index.js';
import type { SummaryResult, TaxBill } from './ceb/issued-types.js';

/** What the Single Window sends (POST /v1/callbacks/single-window), by message type. */
export type SingleWindowNotice =
  | { kind: 'TAX_BILLS'; bills: TaxBill[] }
  | { kind: 'SUMMARY_RESULTS'; results: SummaryResult[] }
  | { kind: 'RECEIPTS'; receipts: CebReceipt[] };

/**
 * A form post whose field `message` holds one CEB message: an e-tax bill (CEB816), a summary
 * result (CEB792) or receipts of any other type. Malformed XML is a fault of field `message`.
 */
export function parseSingleWindowNotice(raw: string): Parsed<SingleWindowNotice> {
  const xml = new URLSearchParams(raw).get('message');
  if (!xml) return { ok: false, field: 'body.message', message: 'form field "message" with the receipt XML is required' };
  try {
    const type = detectMessageType(xml);
    if (type === 'CEB816Message') return { ok: true, notice: { kind: 'TAX_BILLS', bills: parseTaxBills(xml) } };
    if (type === 'CEB792Message') return { ok: true, notice: { kind: 'SUMMARY_RESULTS', results: parseSummaryResults(xml) } };
    return { ok: true, notice: { kind: 'RECEIPTS', receipts: parseReceipts(xml) } };
  } catch (err) {
    return { ok: false, field: 'body.message', message: `the CEB message could not be parsed: ${(err as Error).message}` };
  }
}

export const singleWindowInbound: Inbound<SingleWindowNotice> = {
  contentType: 'application/x-www-form-urlencoded',
  authenticate: authenticateSigned,
  parse: parseSingleWindowNotice,
  // the Single Window's gateway retries until it reads SUCCESS
  accepted: 'SUCCESS',
  duplicate: 'SUCCESS',
};
