/**
 * `cbec`: entry point of the command line (run by cli/cbec.mjs through tsx). Dispatches the
 * subcommands; results go to stdout, messages to stderr. Exit codes: 0 success, 1 failure,
 * 2 usage error. No stack traces unless CBEC_DEBUG=1.
 */
import { readFileSync } from 'node:fs';
import { ADAPTER_USAGE, adapterNew } from './adapter/new.js';
import { AUDIT_USAGE, auditVerify } from './audit.js';
import { CliFailure, UsageError } from './args.js';
import { CEB_USAGE, cebBuild, cebParse } from './ceb.js';
import { OPS_USAGE, opsCommand } from './ops.js';
import { POSITIVE_LIST_USAGE, positiveListLoad } from './positive-list.js';
import { REFUND_RATES_USAGE, refundRatesLoad } from './refund-rates.js';

export const USAGE = `cbec — command line of the cbec-hub platform

Usage:
  cbec ceb parse <file.xml|->                      a CEB message as JSON
  cbec ceb build <messageType> <data.json|-> [--out <file.xml>]
                                                   a valid request from JSON
  cbec adapter new <name> --kind <kind> [--dir <folder>]
                                                   scaffold an adapter (seven-file recipe)
  cbec audit verify <export.json|->                check an audit export offline
  cbec ops create-admin <name> [--days <n>]        the first ops admin (DATABASE_URL); key shown once
  cbec ops rekey <name> [--days <n>]               a new key for an ops person (access recovery)
  cbec positive-list load <file.json|-> [--replace]
                                                   load a positive list (正面清单) version (DATABASE_URL)
  cbec refund-rates load <file.csv|->              the zone's export refund rates (DATABASE_URL)
  cbec help [ceb|adapter|audit|ops|positive-list|refund-rates]
                                                   details of a command
  cbec --version

Exit codes: 0 success, 1 failure (unreadable or invalid input…), 2 usage error.
Docs: cli/README.md, docs/adapters.md.
`;

const TOPICS: Record<string, string> = { main: USAGE, ceb: CEB_USAGE, adapter: ADAPTER_USAGE, audit: AUDIT_USAGE, ops: OPS_USAGE, 'positive-list': POSITIVE_LIST_USAGE, 'refund-rates': REFUND_RATES_USAGE };
const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h' || arg === 'help';

async function run(argv: readonly string[]): Promise<void> {
  const [group, command, ...rest] = argv;
  if (group === undefined) throw new UsageError('no command given');
  if (isHelp(group)) {
    const topic = command ?? 'main';
    if (!Object.hasOwn(TOPICS, topic)) throw new UsageError(`no help topic ${topic}`);
    process.stdout.write(TOPICS[topic] ?? USAGE);
    return;
  }
  if (group === '--version') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name?: string; version?: string };
    process.stdout.write(`cbec (${pkg.name ?? 'cbec-hub'}) ${pkg.version ?? ''} on Node ${process.versions.node}\n`);
    return;
  }
  if (isHelp(command) || rest.some((a) => a === '--help' || a === '-h')) {
    if (!Object.hasOwn(TOPICS, group)) throw new UsageError(`unknown command ${group}`);
    process.stdout.write(TOPICS[group] ?? USAGE);
    return;
  }
  switch (`${group} ${command ?? ''}`.trim()) {
    case 'ceb parse':
      return cebParse(rest);
    case 'ceb build':
      return cebBuild(rest);
    case 'adapter new':
      return adapterNew(rest);
    case 'audit verify':
      return auditVerify(rest);
    case 'ops create-admin':
    case 'ops rekey':
      return opsCommand(command as 'create-admin' | 'rekey', rest);
    case 'positive-list load':
      return positiveListLoad(rest);
    case 'refund-rates load':
      return refundRatesLoad(rest);
    default:
      if (group === 'ceb' || group === 'adapter' || group === 'audit' || group === 'ops' || group === 'positive-list' || group === 'refund-rates') {
        throw new UsageError(command === undefined ? `${group}: missing subcommand` : `unknown command ${group} ${command}`, group);
      }
      throw new UsageError(`unknown command ${group}`);
  }
}

/** Runs one command line; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await run(argv);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`cbec: ${err.message}\n\n${TOPICS[err.topic] ?? USAGE}`);
      return 2;
    }
    if (err instanceof CliFailure) {
      process.stderr.write(`cbec: ${err.message}\n${err.details.map((d) => `  ${d}\n`).join('')}`);
      return 1;
    }
    const e = err as Error;
    process.stderr.write(`cbec: unexpected error: ${e?.message ?? String(err)}\n`);
    if (process.env.CBEC_DEBUG === '1' && e?.stack) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}
