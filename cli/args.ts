import { parseArgs as nodeParseArgs } from 'node:util';

/**
 * Argument handling shared by the subcommands: options parsed by node's util.parseArgs, and the two failure kinds
 * the entry point turns into exit codes (2 = the command line was wrong, 1 = the work failed).
 */

/** The command line itself is wrong: exit 2, with the usage text of `topic`. */
export class UsageError extends Error {
  constructor(message: string, readonly topic: string = 'main') {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command was understood but could not be done (bad input file, invalid message…): exit 1. */
export class CliFailure extends Error {
  constructor(message: string, readonly details: string[] = []) {
    super(message);
    this.name = 'CliFailure';
  }
}

export interface Parsed {
  positionals: string[];
  options: Record<string, string | true>;
}

/**
 * Splits `argv` into positionals and `--name value` / `--name=value` / `--flag` options with
 * node's `util.parseArgs` (`-` is a positional, `--` ends the options). `flags` names the options
 * and whether they take a value; the checks below keep the usage messages of the `cbec` commands.
 */
export function parseArgs(argv: readonly string[], flags: Record<string, 'value' | 'flag'>, topic: string): Parsed {
  const options = Object.fromEntries(Object.entries(flags).map(([name, kind]) => [name, { type: kind === 'value' ? ('string' as const) : ('boolean' as const) }]));
  const { positionals, tokens } = nodeParseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const parsed: Parsed = { positionals, options: {} };
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const kind = Object.hasOwn(flags, token.name) ? flags[token.name] : undefined;
    if (kind === undefined) throw new UsageError(`unknown option ${token.rawName}`, topic);
    if (kind === 'flag') {
      if (token.value !== undefined) throw new UsageError(`option --${token.name} takes no value`, topic);
      parsed.options[token.name] = true;
    } else {
      if (token.value === undefined || token.value === '') throw new UsageError(`option --${token.name} needs a value`, topic);
      parsed.options[token.name] = token.value;
    }
  }
  return parsed;
}

/** Exactly `names.length` positionals, or a usage error naming the first missing/extra one. */
export function expectPositionals(parsed: Parsed, names: readonly string[], topic: string): string[] {
  const { positionals } = parsed;
  if (positionals.length < names.length) throw new UsageError(`missing ${names[positionals.length]}`, topic);
  if (positionals.length > names.length) throw new UsageError(`unexpected argument ${positionals[names.length]}`, topic);
  return positionals;
}

export function stringOption(parsed: Parsed, name: string): string | undefined {
  const v = parsed.options[name];
  return typeof v === 'string' ? v : undefined;
}
