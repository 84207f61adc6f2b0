/**
 * Argument handling shared by the subcommands: a tiny option parser and the two failure kinds
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
 * Splits `argv` into positionals and `--name value` / `--name=value` / `--flag` options.
 * `flags` names the options and whether they take a value; anything else is a usage error.
 * `-` (stdin) is a positional; `--` ends the options.
 */
export function parseArgs(argv: readonly string[], flags: Record<string, 'value' | 'flag'>, topic: string): Parsed {
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.replace(/^--?/, '').slice(0, eq < 0 ? undefined : eq - (arg.startsWith('--') ? 2 : 1));
    const kind = flags[name];
    if (kind === undefined) throw new UsageError(`unknown option ${arg.slice(0, eq < 0 ? undefined : eq)}`, topic);
    if (kind === 'flag') {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`, topic);
      options[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new UsageError(`option --${name} needs a value`, topic);
    options[name] = value;
  }
  return { positionals, options };
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
