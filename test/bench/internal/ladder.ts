/**
 * Throughput on a concurrency ladder, the way the benchmarks compare a Tessera case with its baseline.
 *
 * autocannon is a closed loop: each connection sends its next request only after the answer to the last. At a low
 * connection count, req/s is then bound by latency, not capacity (a /track request waits for its group commit while
 * the machine idles). At a high one, the server is saturated and req/s is what it can absorb. Open traffic (browsers
 * that do not wait for each other) behaves like the saturated case. So every target runs at every level of the
 * ladder, and the verdict compares the targets' best levels (peak throughput, each target at the concurrency that
 * suits it, as public HTTP benchmarks report). The figures of every level are printed too, so the latency-bound
 * regime stays visible.
 *
 * Drift: the machines are shared, and their speed moves within minutes. All (target, level) pairs are measured in
 * turn, slice by slice, so each gets the same mix of quiet and busy moments; the order changes from slice to slice so
 * that each target follows each of the others equally often (see `targetOrder`).
 */
import fs from 'node:fs';
import autocannon, { type Result as CannonResult } from 'autocannon';
import { processCpuMs } from './process-cpu.ts';

/** One thing to measure: a URL, the bodies it is sent (cycled through), and the server process whose CPU is counted. */
export interface LadderTarget {
  name: string;
  url: string;
  bodies: readonly string[];
  /** The server's process id, or null when its CPU cannot be told apart (a server inside the benchmark process). */
  pid: number | null;
}

/** A target at one level, all slices together. */
export interface LevelResult {
  connections: number;
  rps: number;
  /** Medians over the slices of their p50 and p99 (ms). */
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  requests: number;
  /** The server's CPU per request (all its threads), or null. */
  cpuPerRequestUs: number | null;
  /** Share of the machine's CPU time in use while this level ran (all processes, from /proc/stat), or null. */
  machineBusy: number | null;
}

/** A target over the whole ladder. */
export interface LadderResult {
  name: string;
  levels: LevelResult[];
  /** The level with the most req/s. */
  peak: LevelResult;
}

/** Options of {@link measureLadder}. */
export interface LadderOptions {
  /** Connection counts, ascending. */
  levels: readonly number[];
  /** Seconds of measurement per target and level (split into `slices`). */
  seconds: number;
  slices: number;
  /** Seconds of warm-up per target, at the highest level (JIT, page cache, pools). */
  warmupSeconds?: number;
}

/** Parses a comma-separated list of connection counts (`BENCH_LEVELS`). */
export function parseLevels(value: string | undefined, fallback: readonly number[]): number[] {
  if (!value) return [...fallback];
  const levels = value.split(',').map((s) => Number(s.trim()));
  if (levels.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`BENCH_LEVELS must be positive integers separated by commas, not "${value}"`);
  return [...new Set(levels)].sort((a, b) => a - b);
}

/** Busy and total CPU ticks of the machine so far (all CPUs), or null without /proc. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    // idle and iowait are the 4th and 5th values.
    return { busy: total - ticks[3]! - (ticks[4] ?? 0), total };
  } catch {
    return null;
  }
}

/**
 * One autocannon run: POSTs of the target's bodies, in turn, on `connections` connections for `seconds`; `rate` caps
 * the requests per second of all connections together.
 */
export function cannon(target: Pick<LadderTarget, 'url' | 'bodies'>, connections: number, seconds: number, state: { next: number }, rate?: number): Promise<CannonResult> {
  return autocannon({
    url: target.url, connections, duration: seconds, ...(rate ? { overallRate: rate } : {}),
    requests: [{
      method: 'POST' as const, headers: { 'content-type': 'application/json' },
      setupRequest: (req: Record<string, unknown>) => ({ ...req, body: target.bodies[state.next++ % target.bodies.length] }),
    }],
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Indices 0..n-1 starting at `by` (mod n): each slice starts the levels one further on.
 */
function rotated(n: number, by: number): number[] {
  return Array.from({ length: n }, (_, k) => (k + by) % n);
}

/**
 * The order of the targets in slice `slice`: rotated, and on odd slices reversed. A run leaves work behind (a host's
 * WAL to checkpoint, dirty pages for the kernel to write back) that may slow whatever runs next, so each target
 * should follow each of the others equally often. Rotation alone keeps the cyclic order: with targets bare, A, B,
 * host B ran right after host A at nearly every level of every slice. A/A runs in that order showed no measurable
 * cost to B (B/A 1.015 and 1.000 at the peaks, November 2026), so this is a precaution; reversing the order on every
 * other slice makes each target follow each of the others in half of the slices.
 */
export function targetOrder(n: number, slice: number): number[] {
  const order = rotated(n, slice);
  return slice % 2 === 0 ? order : order.reverse();
}

/** One (target, level) pair's slices; CPU and machine ticks are null once a reading was not available. */
interface Cell { runs: CannonResult[]; cpuMs: number | null; ticks: { busy: number; total: number } | null }

/** Measures every target at every level, interleaved slice by slice (see the module comment). */
export async function measureLadder(targets: readonly LadderTarget[], options: LadderOptions): Promise<LadderResult[]> {
  const { levels, seconds, slices } = options;
  const top = levels[levels.length - 1]!;
  const states = targets.map(() => ({ next: 0 }));
  for (const [i, t] of targets.entries()) await cannon(t, top, options.warmupSeconds ?? 2, states[i]!);
  const cells: Cell[][] = targets.map(() => levels.map(() => ({ runs: [], cpuMs: 0, ticks: { busy: 0, total: 0 } })));
  for (let slice = 0; slice < slices; slice++) {
    for (const l of rotated(levels.length, slice)) {
      const connections = levels[l]!;
      for (const i of targetOrder(targets.length, slice)) {
        const t = targets[i]!;
        const cell = cells[i]![l]!;
        const cpu0 = t.pid === null ? null : processCpuMs(t.pid);
        const ticks0 = machineTicks();
        cell.runs.push(await cannon(t, connections, seconds / slices, states[i]!));
        const cpu1 = t.pid === null ? null : processCpuMs(t.pid);
        const ticks1 = machineTicks();
        cell.cpuMs = cpu0 === null || cpu1 === null || cell.cpuMs === null ? null : cell.cpuMs + (cpu1 - cpu0);
        cell.ticks = !ticks0 || !ticks1 || !cell.ticks ? null
          : { busy: cell.ticks.busy + ticks1.busy - ticks0.busy, total: cell.ticks.total + ticks1.total - ticks0.total };
      }
    }
  }
  return targets.map((t, i) => {
    const results = levels.map((connections, l): LevelResult => {
      const { runs, cpuMs, ticks } = cells[i]![l]!;
      const sum = (f: (r: CannonResult) => number) => runs.reduce((acc, r) => acc + f(r), 0);
      const requests = sum((r) => r.requests.total);
      return {
        connections, rps: requests / sum((r) => r.duration), requests,
        p50: median(runs.map((r) => r.latency.p50)), p99: median(runs.map((r) => r.latency.p99)),
        non2xx: sum((r) => r.non2xx), errors: sum((r) => r.errors),
        cpuPerRequestUs: cpuMs === null || requests === 0 ? null : (cpuMs * 1000) / requests,
        machineBusy: ticks && ticks.total > 0 ? ticks.busy / ticks.total : null,
      };
    });
    const peak = results.reduce((best, r) => (r.rps > best.rps ? r : best));
    return { name: t.name, levels: results, peak };
  });
}

/** The table of a ladder: req/s at each level, then the peak's latency, the server's CPU and the machine's load. */
export function ladderTable(results: readonly LadderResult[], nameWidth = 38): string[] {
  const levels = results[0]!.levels.map((l) => l.connections);
  const head = `${'req/s by connections'.padEnd(nameWidth)}${levels.map((c) => String(c).padStart(8)).join('')}   at the peak: p50/p99 ms, server CPU, machine busy`;
  const rows = results.map((r) => {
    const cells = r.levels.map((l) => `${l === r.peak ? '*' : ' '}${l.rps.toFixed(0)}`.padStart(8)).join('');
    const p = r.peak;
    const cpu = p.cpuPerRequestUs === null ? '' : `, ${p.cpuPerRequestUs.toFixed(0)} µs/req`;
    const busy = p.machineBusy === null ? '' : `, ${(p.machineBusy * 100).toFixed(0)} %`;
    const non2xx = r.levels.reduce((n, l) => n + l.non2xx, 0);
    const errors = r.levels.reduce((n, l) => n + l.errors, 0);
    return `${r.name.padEnd(nameWidth)}${cells}   ${p.p50}/${p.p99}${cpu}${busy}   ${non2xx}/${errors}`;
  });
  return [head, ...rows, `${''.padEnd(nameWidth)}(* = the target's peak; last column: non-2xx answers / errors, all levels)`];
}

/** `b/a` at each level, e.g. `32: 0.18, 128: 0.21, 512: 0.27`. */
export function ratiosByLevel(b: LadderResult, a: LadderResult): string {
  return b.levels.map((l, i) => `${l.connections}: ${(l.rps / a.levels[i]!.rps).toFixed(3)}`).join(', ');
}

/** Errors and non-2xx answers over every level of the given results. */
export function failures(results: readonly LadderResult[]): number {
  return results.reduce((n, r) => n + r.levels.reduce((m, l) => m + l.non2xx + l.errors, 0), 0);
}
