/**
 * `cbec positive-list load <file.json> [--replace]`: loads one version of the cross-border retail
 * import positive list (正面清单) into the database at DATABASE_URL (domain/import/positive-list.ts
 * defines the file format: the platform's own, NOT the official layout). Shipments of 1210 are
 * checked at create against the version in force on their China date.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createDb } from '../db/client.js';
import { loadPositiveList, PositiveListVersionExists } from '../db/positive-list.js';
import { PositiveListFile } from '../domain/import/positive-list.js';
import { CliFailure, expectPositionals, parseArgs } from './args.js';

export const POSITIVE_LIST_USAGE = `Usage:
  cbec positive-list load <file.json|-> [--replace]
      Loads a version of the positive list (正面清单) into the database at DATABASE_URL (and
      DATABASE_SCHEMA, if set). The file is JSON in the platform's own format
      "cbec-positive-list/1" (not the official layout; see cli/README.md and
      examples/positive-list.sample.json): { format, official: false, version, effectiveFrom,
      source, lines: [{ tariffLine (8 digits), name, remarks: [...] }] }. Remark kinds:
      EXCLUSION, TRADE_MODE, PRODUCT_NAME, QUANTITY_LIMIT. A version already loaded is refused
      unless --replace. Prints { version, lines } on success.
`;

/** The file checked against the format; every problem named by its path. */
export function readPositiveListFile(text: string, name: string): PositiveListFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliFailure(`${name}: not JSON: ${(err as Error).message}`);
  }
  const parsed = PositiveListFile.safeParse(json);
  if (!parsed.success) {
    throw new CliFailure(`${name}: not a positive list file (cbec-positive-list/1)`, parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`));
  }
  return parsed.data;
}

export async function positiveListLoad(argv: readonly string[]): Promise<void> {
  const parsed = parseArgs(argv, { replace: 'flag' }, 'positive-list');
  const [file = '-'] = expectPositionals(parsed, ['<file.json>'], 'positive-list');
  let text: string;
  try {
    text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliFailure(`${file}: cannot read: ${(err as Error).message}`);
  }
  const list = readPositiveListFile(text, file);
  const url = process.env.DATABASE_URL;
  if (!url) throw new CliFailure('DATABASE_URL is not set: point it at the platform database');
  const schema = process.env.DATABASE_SCHEMA;
  const db = createDb(url, { poolSize: 1, ...(schema ? { schema } : {}) });
  try {
    const loaded = await loadPositiveList(db, list, { loadedBy: `cli:${userInfo().username}`, replace: parsed.options.replace === true });
    process.stdout.write(`${JSON.stringify({ ...loaded, effectiveFrom: list.effectiveFrom })}\n`);
  } catch (err) {
    if (err instanceof PositiveListVersionExists) throw new CliFailure(err.message);
    throw err;
  } finally {
    await db.$disconnect();
  }
}

