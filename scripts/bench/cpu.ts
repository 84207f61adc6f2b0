import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) used so far by the processes of a run, by role (Linux /proc). */
export type CpuSeconds = Record<'platform' | 'temporal' | 'postgres' | 'simulators', number>;

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

/** User + system CPU of a process; with `children`, also of its children that ended (cutime, cstime). */
function processSeconds(pid: number | undefined, children = false): number {
  if (!pid) return 0;
  try {
    // fields after the command name: utime, stime, cutime, cstime are the 14th–17th of the whole line
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return (children ? own + Number(fields[13]) + Number(fields[14]) : own) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * Every PostgreSQL process (the server and its backends; the machine's database serves only the
 * run), with the backends that ended: the server's children time holds them, so that a connection
 * closed between two readings does not take its CPU out of the sum.
 */
function postgresSeconds(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres')) total += processSeconds(Number(pid), true);
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

export function cpuNow(pids: { temporal: number | undefined; simulators: number | undefined }): CpuSeconds {
  return { platform: processSeconds(process.pid), temporal: processSeconds(pids.temporal), postgres: postgresSeconds(), simulators: processSeconds(pids.simulators) };
}

/** CPU milliseconds per item between two readings, by role. */
export function cpuPer(before: CpuSeconds, after: CpuSeconds, items: number): CpuSeconds {
  const per = (k: keyof CpuSeconds) => ((after[k] - before[k]) * 1000) / items;
  return { platform: per('platform'), temporal: per('temporal'), postgres: per('postgres'), simulators: per('simulators') };
}
