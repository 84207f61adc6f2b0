/**
 * `cbec audit verify <export.json|->`: checks an audit export (GET /v1/ops/audit) offline, with
 * no database: every entry's hash over its content and the previous hash, and the numbering.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { verifyAuditEntries, type AuditRecord } from '../db/audit-chain.js';
import { CliFailure, expectPositionals, parseArgs } from './args.js';

export const AUDIT_USAGE = `Usage:
  cbec audit verify <export.json|->
      Verifies an audit export saved from GET /v1/ops/audit (the whole body, or just its
      "entries" array) without the database: each entry's SHA-256 over the previous hash and
      its own canonical JSON, each link to the entry before, and gapless seq numbers.
      Intact: exit 0 and one line with the count, the seq range and the last hash (compare it
      with the platform's GET /v1/ops/audit/verification to detect entries cut off the end).
      Edited, removed or reordered entries: exit 1, naming the first broken seq.
      Also: npm run audit:verify -- <export.json>
`;

const Entry = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  detail: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
const ExportFile = z.union([z.object({ entries: z.array(Entry) }).loose(), z.array(Entry)]);

export function auditVerify(argv: readonly string[]): void {
  const [file] = expectPositionals(parseArgs(argv, {}, 'audit'), ['<export.json>'], 'audit');
  let text: string;
  try {
    text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file!, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliFailure(`${file}: cannot read: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliFailure(`${file}: not JSON: ${(err as Error).message}`);
  }
  const parsed = ExportFile.safeParse(json);
  if (!parsed.success) {
    throw new CliFailure(`${file}: not an audit export`, parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const entries: AuditRecord[] = Array.isArray(parsed.data) ? parsed.data : parsed.data.entries;
  const result = verifyAuditEntries(entries);
  if (!result.ok) throw new CliFailure(`${file}: audit chain broken at seq ${result.brokenSeq} (${result.reason}): ${result.message}`);
  const first = entries[0]?.seq;
  process.stdout.write(
    result.entries === 0
      ? `${file}: no entries\n`
      : `${file}: ${result.entries} entries, seq ${first}…${result.lastSeq}, chain intact; last hash ${result.lastHash}\n`,
  );
}
