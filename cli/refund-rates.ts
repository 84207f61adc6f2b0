/**
 * `cbec refund-rates load <file.csv>`: loads a zone's export refund rates (the content of the
 * official 出口退税率文库, in the platform's own CSV: docs/refund-rates.md, not the official layout)
 * into the database at DATABASE_URL. The refund step reads them (activities/tax.activities.ts);
 * a refund held for an unknown rate is then retried by ops (POST /v1/ops/shipments/{id}/refund-retry).
 * A file with any bad line is refused as a whole, naming each line. Audited as cli:<os user>.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { appendAudit } from '../db/audit.js';
import { loadRefundRates } from '../db/refund-rates.js';
import { parseRefundRateFile, RefundRateFileError } from '../domain/export/refund-rate-file.js';
import { CliFailure, expectPositionals, parseArgs } from './args.js';
import { withDb } from './ops.js';

export const REFUND_RATES_USAGE = `Usage:
  cbec refund-rates load <file.csv|->
      Loads export refund rates (hsCode,effectiveFrom,ratePercent,name; docs/refund-rates.md)
      into the database at DATABASE_URL (and DATABASE_SCHEMA, if set). A code and date already
      loaded take the file's rate. Prints {"rows": n, "source": "<file> sha256:…"}.
`;

export async function refundRatesLoad(argv: readonly string[]): Promise<void> {
  const parsed = parseArgs(argv, {}, 'refund-rates');
  const [file = ''] = expectPositionals(parsed, ['<file.csv|->'], 'refund-rates');
  let text: string;
  try {
    text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliFailure(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    parseRefundRateFile(text); // a bad file is refused before the database is touched
  } catch (err) {
    if (err instanceof RefundRateFileError) throw new CliFailure(`${file}: refund rate file refused`, err.problems);
    throw err;
  }
  const loaded = await withDb(async (db) => {
    const result = await loadRefundRates(db, file === '-' ? 'stdin' : file, text);
    await appendAudit(db, { actor: `cli:${userInfo().username}`, action: 'refund_rates.loaded', subjectType: 'refund-rates', subjectId: result.source, detail: { rows: result.rows } });
    return result;
  });
  process.stdout.write(`${JSON.stringify(loaded)}\n`);
}
