import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { repoRoot } from './tools.js';

/**
 * A platform process (`worker/main.ts`, `api/server.ts`) run as a child, as a deployment runs
 * it: configured only by its environment, logs to a file, killable and restartable. Used by the
 * chaos run and the topology test to kill workers and API instances mid-run.
 */
export interface PlatformProcess {
  readonly name: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  /** How often the process was (re)started. */
  readonly starts: number;
  start(): void;
  /** Sends `signal` and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

// children die with the script that started them, whatever way it ends
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export function platformProcess(opts: { name: string; script: string; env: Record<string, string>; logDir: string }): PlatformProcess {
  mkdirSync(opts.logDir, { recursive: true });
  const log = createWriteStream(`${opts.logDir}/${opts.name}.log`, { flags: 'a' });
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let starts = 0;
  return {
    name: opts.name,
    get pid() {
      return child?.pid;
    },
    get running() {
      return !!child && child.exitCode === null && child.signalCode === null;
    },
    get starts() {
      return starts;
    },
    start() {
      if (this.running) return;
      starts += 1;
      log.write(`--- start ${starts} at ${new Date().toISOString()}\n`);
      // one process (tsx as a loader, not its CLI, which would fork a child that survives a SIGKILL)
      const c = spawn(process.execPath, ['--import', 'tsx', `${repoRoot()}${opts.script}`], {
        cwd: repoRoot(),
        env: { ...process.env, ...opts.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      c.stdout?.pipe(log, { end: false });
      c.stderr?.pipe(log, { end: false });
      live.add(c);
      exited = new Promise<void>((resolve) => c.once('exit', () => {
        live.delete(c);
        resolve();
      }));
      child = c;
    },
    async kill(signal = 'SIGKILL') {
      if (!this.running) return;
      child!.kill(signal);
      await exited;
      log.write(`--- ${signal} at ${new Date().toISOString()}\n`);
    },
  };
}

/** Stops every process (SIGTERM, then SIGKILL after `graceMs`). */
export async function stopAll(processes: PlatformProcess[], graceMs = 10_000): Promise<void> {
  await Promise.all(
    processes.map(async (p) => {
      const timer = setTimeout(() => void p.kill('SIGKILL'), graceMs);
      await p.kill('SIGTERM');
      clearTimeout(timer);
    }),
  );
}
