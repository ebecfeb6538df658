/**
 * CPU time a process has used so far, all its threads together, from /proc (Linux): a server's CPU per request is a
 * capacity figure that machine noise disturbs less than req/s. Null where /proc is not available.
 */
import fs from 'node:fs';

/** Kernel clock ticks per second for /proc times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/** User plus system CPU of process `pid` in milliseconds, or null. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at the last ')'; utime and stime are 14th/15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * (1000 / CLOCK_TICKS) : null;
  } catch {
    return null;
  }
}
