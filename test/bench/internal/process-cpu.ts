/**
 * CPU time a process has used so far, all its threads together or thread by thread, from /proc (Linux): a server's
 * CPU per request is a capacity figure that machine noise disturbs less than req/s. Null where /proc is not available.
 */
import fs from 'node:fs';

/** Kernel clock ticks per second for /proc times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/** User plus system CPU ticks in a /proc `stat` file (a process's or a thread's); throws when unreadable. */
function statTicks(file: string): number {
  const stat = fs.readFileSync(file, 'utf8');
  // Fields after the command name (which may contain spaces) start at the last ')'; utime and stime are 14th/15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** User plus system CPU of process `pid` in milliseconds, or null. */
export function processCpuMs(pid: number): number | null {
  try {
    const ticks = statTicks(`/proc/${pid}/stat`);
    return Number.isFinite(ticks) ? ticks * (1000 / CLOCK_TICKS) : null;
  } catch {
    return null;
  }
}

/** One thread's counters so far: CPU (ms), write system calls, bytes written. */
export interface ThreadCounters {
  /** `comm#tid`, e.g. `MainThread#1234`, `WorkerThread#1240`, `V8Worker#1236`. */
  name: string;
  cpuMs: number;
  writeCalls: number;
  writtenBytes: number;
}

/** The counters of every thread of process `pid` (Linux), or null where /proc is not available. */
export function threadCounters(pid: number): ThreadCounters[] | null {
  let tids: string[];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return null;
  }
  const out: ThreadCounters[] = [];
  for (const tid of tids) {
    try {
      const dir = `/proc/${pid}/task/${tid}`;
      const io = fs.readFileSync(`${dir}/io`, 'utf8');
      const counter = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1] ?? 0);
      out.push({
        name: `${fs.readFileSync(`${dir}/comm`, 'utf8').trim()}#${tid}`,
        cpuMs: statTicks(`${dir}/stat`) * (1000 / CLOCK_TICKS),
        writeCalls: counter('syscw'),
        writtenBytes: counter('wchar'),
      });
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return out;
}
