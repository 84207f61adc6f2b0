import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) used so far by the processes of a run, by role (Linux /proc). */
export type CpuSeconds = Record<'platform' | 'temporal' | 'postgres' | 'simulators', number>;

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

function processSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    // fields after the command name: state is 3rd, utime 14th and stime 15th of the whole line
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Every PostgreSQL process (the server and its backends): the machine's database serves only the run. */
function postgresSeconds(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres')) total += processSeconds(Number(pid));
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
