import { readFileSync } from 'node:fs';

/**
 * CPU seconds (user + system) used so far by the processes of a run, by role (Linux /proc).
 * PostgreSQL is not counted: its backends start and end between two readings, and the sum over
 * the live ones went backwards in full runs.
 */
export type CpuSeconds = Record<'platform' | 'temporal' | 'simulators', number>;

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

/** User + system CPU of a process. */
function processSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    // fields after the command name: utime and stime are the 14th and 15th of the whole line
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export function cpuNow(pids: { temporal: number | undefined; simulators: number | undefined }): CpuSeconds {
  return { platform: processSeconds(process.pid), temporal: processSeconds(pids.temporal), simulators: processSeconds(pids.simulators) };
}

/** CPU milliseconds per item between two readings, by role. */
export function cpuPer(before: CpuSeconds, after: CpuSeconds, items: number): CpuSeconds {
  const per = (k: keyof CpuSeconds) => ((after[k] - before[k]) * 1000) / items;
  return { platform: per('platform'), temporal: per('temporal'), simulators: per('simulators') };
}
