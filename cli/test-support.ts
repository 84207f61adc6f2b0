import { tmpdir } from 'node:os';
/** Test-only: runs the real `cbec` entry (node cli/cbec.mjs) from the repository root. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('..', import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for child processes, without the variables of the vitest run we are in. */
export function childEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'TINYPOOL_WORKER_ID'));
  // a nested vitest run must not overwrite the outer run's report (.ci/run reads it)
  return { ...env, CBEC_TEST_REPORT: `${tmpdir()}/cbec-nested-report-${process.pid}.json` };
}

/** Spawns `command args` in the repository root; resolves with exit code and output (kills it after `timeoutMs`). */
export function run(command: string, args: readonly string[], opts: { input?: string | Uint8Array; timeoutMs?: number; env?: Record<string, string>; /** default: the repository root */ cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd ?? REPO, env: { ...childEnv(), ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** `node cli/cbec.mjs …args`. */
export const cbec = (args: readonly string[], opts: { input?: string | Uint8Array; env?: Record<string, string>; cwd?: string } = {}) => run(process.execPath, ['cli/cbec.mjs', ...args], opts);
