/**
 * `cbec ops create-admin <name>` and `cbec ops rekey <name>`: the first ops admin of a zone, and
 * access recovery, run against the database (DATABASE_URL) by whoever operates it. The key is
 * printed once on stdout; each run is in the audit trail as `cli:<os user>`.
 */
import { userInfo } from 'node:os';
import { createDb } from '../db/client.js';
import { ApiError } from '../api/errors.js';
import { createOpsPerson, DEFAULT_OPS_KEY_DAYS, rekeyOpsPerson } from '../api/ops-people.service.js';
import { CliFailure, expectPositionals, parseArgs, stringOption, UsageError } from './args.js';

export const OPS_USAGE = `Usage:
  cbec ops create-admin <name> [--days <n>]
      Creates an ops person with the ADMIN role in the database at DATABASE_URL (and
      DATABASE_SCHEMA, if set) and prints its key once. Run it once when a zone goes live;
      the admin then creates the other ops people with POST /v1/ops/people.
  cbec ops rekey <name> [--days <n>]
      Issues a new key for an existing ops person (the old key stops at once; a disabled
      person is enabled again) and prints it once: access recovery when a key is lost.
  Keys expire after --days (default ${DEFAULT_OPS_KEY_DAYS}, at most 365). Both are audited as cli:<os user>.
`;

function days(parsed: ReturnType<typeof parseArgs>): number | undefined {
  const raw = stringOption(parsed, 'days');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 365) throw new UsageError('--days must be a whole number from 1 to 365', 'ops');
  return n;
}

export async function withDb<T>(work: (db: ReturnType<typeof createDb>) => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new CliFailure('DATABASE_URL is not set: point it at the platform database');
  const schema = process.env.DATABASE_SCHEMA;
  const db = createDb(url, { poolSize: 1, ...(schema ? { schema } : {}) });
  try {
    return await work(db);
  } catch (err) {
    if (err instanceof ApiError) throw new CliFailure(err.message);
    throw err;
  } finally {
    await db.$disconnect();
  }
}

export async function opsCommand(command: 'create-admin' | 'rekey', argv: readonly string[]): Promise<void> {
  const parsed = parseArgs(argv, { days: 'value' }, 'ops');
  const [name = ''] = expectPositionals(parsed, ['<name>'], 'ops');
  if (!/^[a-z][a-z0-9.-]{1,39}$/.test(name)) throw new UsageError('<name>: 2-40 lower-case letters, digits, . or -, starting with a letter', 'ops');
  const actor = `cli:${userInfo().username}`;
  const expiresInDays = days(parsed);
  const issued = await withDb(async (db) => {
    if (command === 'create-admin') return createOpsPerson(db, { name, role: 'ADMIN', expiresInDays, actor });
    const person = await db.opsPerson.findUnique({ where: { name } });
    if (!person) throw new CliFailure(`no ops person named ${name}`);
    return rekeyOpsPerson(db, person.id, { expiresInDays, actor });
  });
  process.stderr.write(`ops person ${issued.person.name} (${issued.person.role}, ${issued.person.id}); key valid until ${issued.person.expiresAt}; shown once:\n`);
  process.stdout.write(`${issued.key}\n`);
}
