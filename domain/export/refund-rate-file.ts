import { assertIsoDate } from '../import/effective.js';
import type { RefundRateRule } from './refund-rates.js';

/**
 * A zone's export refund rates from a file: the content of the official export tax refund rate
 * library (出口退税率文库, published by the STA and loaded into the export refund declaration
 * software), one row per commodity code and effective date (docs/reference/domain-rules.md §3.2:
 * "refund rate is fixed per HS code" and "determined by the export date on the declaration").
 *
 * ⚠ NOT the official layout: the library's own file format is not in the references. This is
 * the platform's own CSV, documented in docs/refund-rates.md, which a zone fills from the library:
 *
 *     hsCode,effectiveFrom,ratePercent,name
 *     0902300000,2020-03-20,9,红茶
 *
 * - `hsCode`: the commodity code, 10 digits as in the library (2 to 10 digits: a shorter prefix
 *   covers every code under it; the longest matching prefix wins);
 * - `effectiveFrom`: first export date (China date, YYYY-MM-DD) the rate applies to; a later row
 *   for the same code replaces it from its own date;
 * - `ratePercent`: the refund rate in percent, at most 2 decimals (13, 9, 0 = no refund);
 * - `name`: the goods name, for people (not used in any decision).
 * UTF-8, comma-separated, the header line exactly as above, `#` lines are comments; a name with a
 * comma is quoted ("…"). A file is refused as a whole when any line is wrong.
 */
export const REFUND_RATE_FILE_HEADER = 'hsCode,effectiveFrom,ratePercent,name';
export const REFUND_RATE_FILE_MAX_ROWS = 200_000;

export interface RefundRateFileRow {
  hsPrefix: string;
  effectiveFrom: string;
  rateBp: number;
  name: string;
}

export class RefundRateFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`refund rate file refused: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? ` (and ${problems.length - 10} more)` : ''}`);
  }
}

/** Splits one CSV line: commas separate, "…" quotes a field ("" inside is a quote). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (!quoted && c === '"' && cur === '') {
      quoted = true;
    } else if (!quoted && c === ',') {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

/** Percent with at most 2 decimals, 0 to 100 → basis points. */
function percentToBp(text: string): number | undefined {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return undefined;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : undefined;
}

/** Parses and checks a rate file; throws RefundRateFileError naming each bad line. */
export function parseRefundRateFile(text: string): RefundRateFileRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: string[] = [];
  const rows: RefundRateFileRow[] = [];
  const seen = new Map<string, number>();
  let header = false;
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (!header) {
      header = true;
      if (line !== REFUND_RATE_FILE_HEADER) problems.push(`line ${n}: the header must be "${REFUND_RATE_FILE_HEADER}"`);
      return;
    }
    const f = fields(line);
    if (f.length !== 4) return void problems.push(`line ${n}: 4 fields expected, found ${f.length}`);
    const [hsCode, effectiveFrom, ratePercent, name] = f.map((x) => x.trim()) as [string, string, string, string];
    if (!/^\d{2,10}$/.test(hsCode)) problems.push(`line ${n}: hsCode "${hsCode}" must be 2 to 10 digits`);
    try {
      assertIsoDate(effectiveFrom);
    } catch {
      problems.push(`line ${n}: effectiveFrom "${effectiveFrom}" must be a date YYYY-MM-DD`);
    }
    const rateBp = percentToBp(ratePercent);
    if (rateBp === undefined) problems.push(`line ${n}: ratePercent "${ratePercent}" must be 0 to 100 with at most 2 decimals`);
    if (name.length > 250) problems.push(`line ${n}: name longer than 250 characters`);
    const key = `${hsCode}@${effectiveFrom}`;
    if (seen.has(key)) problems.push(`line ${n}: ${hsCode} from ${effectiveFrom} is already on line ${seen.get(key)}`);
    seen.set(key, n);
    if (rateBp !== undefined) rows.push({ hsPrefix: hsCode, effectiveFrom, rateBp, name });
  });
  if (!header) problems.push(`no header line "${REFUND_RATE_FILE_HEADER}"`);
  if (rows.length === 0 && problems.length === 0) problems.push('no rate lines');
  if (rows.length > REFUND_RATE_FILE_MAX_ROWS) problems.push(`more than ${REFUND_RATE_FILE_MAX_ROWS} lines`);
  if (problems.length > 0) throw new RefundRateFileError(problems);
  return rows;
}

/** A loaded row as a rule of the refund rate lookup (domain/export/refund-rates.ts refundRateOn). */
export function zoneRule(row: RefundRateFileRow, source: string): RefundRateRule {
  return { hsPrefix: row.hsPrefix, effectiveFrom: row.effectiveFrom, rateBp: row.rateBp, basis: 'zone', note: `${row.name} (${source})` };
}
