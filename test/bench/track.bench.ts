/**
 * `npm run bench:track`: /track throughput against a bare Fastify baseline, measured in the same run.
 *   (a) a bare Fastify route in its own process that parses the same body;
 *   (b) POST /track with one event on the real host process (SQLite, durable group commit), in two traffic shapes:
 *       (b1) returning visitors: 1000 known sessions, so each answer commits the event, profile and session;
 *       (b2) a new visitor per request: one profile, one session and three events (two system events).
 *   (b0) for diagnosis: the same returning-visitor bodies with saveEvents/saveSession/saveProfile=false, i.e. the
 *        whole pipeline without the durable commit, which shows how much of the gap is storage.
 * The baseline receives exactly the same bodies over the same number of connections, and each baseline is measured in
 * slices interleaved with the runs it is compared to. Prints req/s, p50/p99 latency
 * of each and the ratios b/a. Target: ratio >= 0.25.
 * Connections: 128 by default, a collector's realistic concurrency (one collector serves many browsers at once; with
 * durable group commit, throughput grows with concurrency because one flush acknowledges a whole group).
 * Each row also gives the server process's CPU per request (all its threads, from /proc on Linux; in scale mode the
 * engines' CPU is not in it): a capacity figure that other load on the machine disturbs less than req/s.
 * The header also prints the disk's flush latency (fdatasync of 4 KB, same file system as the database), the floor
 * under one durable commit, and the load average: the ratio is only comparable between runs on a quiet machine.
 * Measuring starts after the host's start-up work (seeding the plugin registry) has finished, so it is not counted.
 * Options (env): BENCH_DURATION seconds per run (10), BENCH_CONNECTIONS (128).
 * `-- --storage elasticsearch`: (b) runs in scale mode on the test engines (ELASTIC_HOST, and REDIS_HOST for the
 * locks when reachable; see test/engines/README.md), on throw-away indices.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result as CannonResult } from 'autocannon';
import { startHost } from '../helpers/index.ts';
import { fsyncLatency } from './internal/fsync-latency.ts';
import { processCpuMs } from './internal/process-cpu.ts';
import { scaleModeEnv } from './internal/storage-option.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 128);
const TARGET = 0.25;

/** Each target's time is cut into this many slices, run in turn with the other targets (see {@link measureInterleaved}). */
const SLICES = Number(process.env.BENCH_SLICES ?? 5);

interface Result { name: string; rps: number; p50: number; p99: number; non2xx: number; errors: number; cpuPerRequestUs: number | null }

/** One thing to measure: a URL, the bodies it is sent (cycled through), and the server process whose CPU is counted. */
interface Target { name: string; url: string; bodies: readonly string[]; pid: number }

function cannon(target: Target, duration: number, state: { next: number }): Promise<CannonResult> {
  return autocannon({
    url: target.url, connections: CONNECTIONS, duration,
    requests: [{
      method: 'POST' as const, headers: { 'content-type': 'application/json' },
      setupRequest: (req: Record<string, unknown>) => ({ ...req, body: target.bodies[state.next++ % target.bodies.length] }),
    }],
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Measures the targets in turn, slice by slice (a, b, a, b, ...), after a warm-up of each (JIT, SQLite page cache,
 * first session hits). On a shared machine the load drifts over a minute; interleaving gives every target the same
 * mix of quiet and busy moments, so a ratio compares like with like. req/s is all answers over all slices' time;
 * p50/p99 are the medians of the slices' percentiles.
 */
async function measureInterleaved(targets: readonly Target[]): Promise<Result[]> {
  const states = targets.map(() => ({ next: 0 }));
  for (const [i, t] of targets.entries()) await cannon(t, 2, states[i]!);
  const runs: CannonResult[][] = targets.map(() => []);
  const cpuMs: Array<number | null> = targets.map(() => 0);
  for (let slice = 0; slice < SLICES; slice++) {
    for (const [i, t] of targets.entries()) {
      const before = processCpuMs(t.pid);
      runs[i]!.push(await cannon(t, DURATION / SLICES, states[i]!));
      const after = processCpuMs(t.pid);
      cpuMs[i] = before === null || after === null || cpuMs[i] === null ? null : cpuMs[i]! + (after - before);
    }
  }
  return targets.map((t, i) => {
    const rs = runs[i]!;
    const sum = (f: (r: CannonResult) => number) => rs.reduce((acc, r) => acc + f(r), 0);
    return {
      name: t.name, rps: sum((r) => r.requests.total) / sum((r) => r.duration),
      p50: median(rs.map((r) => r.latency.p50)), p99: median(rs.map((r) => r.latency.p99)),
      non2xx: sum((r) => r.non2xx), errors: sum((r) => r.errors),
      cpuPerRequestUs: cpuMs[i] === null ? null : (cpuMs[i]! * 1000) / sum((r) => r.requests.total),
    };
  });
}

function payload(sourceId: string, sessionId?: string, options: Record<string, boolean> = {}): string {
  return JSON.stringify({
    source: { id: sourceId },
    ...(sessionId ? { session: { id: sessionId } } : {}),
    context: { browser: { local: { browser: { userAgent: 'bench', language: 'en' } } }, page: { url: 'https://shop.example/p/1' } },
    events: [{ type: 'page-view', properties: { title: 'Product 1', price: 12.5, tags: ['a', 'b'] }, context: { page: { title: 'Product 1' } } }],
    options,
  });
}

async function startBare(): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'internal/bare-server.ts');
  const child = spawn(process.execPath, ['--no-node-snapshot', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = Number(chunk.toString().trim());
  return {
    url: `http://127.0.0.1:${port}/track`, pid: child.pid!,
    stop: async () => { child.kill('SIGTERM'); await once(child, 'exit'); },
  };
}

/** Waits until the host's start-up seeding of the plugin registry is over (it runs in the background after /ready). */
async function startupSettled(host: Awaited<ReturnType<typeof startHost>>): Promise<void> {
  const deadline = Date.now() + 180_000;
  while ((await host.api.get('/api/marketplace/status')).body?.seed?.state === 'running') {
    if (Date.now() > deadline) throw new Error('the host is still seeding its plugin registry after 3 minutes');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const storage = await scaleModeEnv(process.argv.slice(2));
const host = await startHost({ env: { LOG_LEVEL: 'warn', ...storage.env } });
const bare = await startBare();
try {
  const source = await host.api.createSource({ name: 'bench' });
  await startupSettled(host);
  const flush = fsyncLatency(host.dataDir);
  const returning = Array.from({ length: 1000 }, (_, i) => payload(source.id, `bench-session-${i}`));
  const fresh = [payload(source.id)];
  const unsaved = Array.from({ length: 1000 }, (_, i) => payload(source.id, `bench-unsaved-${i}`, { saveEvents: false, saveSession: false, saveProfile: false }));
  const [a1, b1, b0] = await measureInterleaved([
    { name: '(a1) bare Fastify, bodies of b1', url: bare.url, bodies: returning, pid: bare.pid },
    { name: `(b1) /track returning, ${storage.label}`, url: `${host.url}/track`, bodies: returning, pid: host.pid },
    { name: '(b0) /track nothing saved (diagnosis)', url: `${host.url}/track`, bodies: unsaved, pid: host.pid },
  ]) as [Result, Result, Result];
  const [a2, b2] = await measureInterleaved([
    { name: '(a2) bare Fastify, body of b2', url: bare.url, bodies: fresh, pid: bare.pid },
    { name: `(b2) /track new visitor, ${storage.label}`, url: `${host.url}/track`, bodies: fresh, pid: host.pid },
  ]) as [Result, Result];
  const cpu = (r: Result) => (r.cpuPerRequestUs === null ? '' : `   server CPU ${r.cpuPerRequestUs.toFixed(0).padStart(3)} µs/req`);
  const row = (r: Result) => `${r.name.padEnd(38)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   non-2xx ${r.non2xx}   errors ${r.errors}${cpu(r)}`;
  const verdict = (ratio: number) => `${ratio.toFixed(3)}  (target >= ${TARGET}: ${ratio >= TARGET ? 'met' : 'NOT met'})`;
  console.log(`bench:track  ${DURATION}s per target in ${SLICES} interleaved slices, ${CONNECTIONS} connections for every run, one event per request, ${os.availableParallelism()} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}`);
  console.log(`disk flush (fdatasync 4 KB, database file system): p50 ${flush.p50.toFixed(2)} ms, p90 ${flush.p90.toFixed(2)} ms; SQLite synchronous=FULL, one flush per group commit`);
  for (const r of [a1, b1, b0, a2, b2]) console.log(row(r));
  console.log(`ratio b1/a1 (returning visitors) = ${verdict(b1.rps / a1.rps)}`);
  console.log(`ratio b2/a2 (new visitor each)   = ${verdict(b2.rps / a2.rps)}`);
  console.log(`ratio b0/a1 (pipeline without the durable commit) = ${(b0.rps / a1.rps).toFixed(3)}`);
  const stored = await host.api.get(`/api/events?source=${source.id}&type=page-view&limit=1`);
  if (stored.body.items.length === 0) throw new Error('the host acknowledged events but none is stored');
  if (b1.non2xx + b1.errors + b2.non2xx + b2.errors > 0) process.exitCode = 1;
} finally {
  await bare.stop();
  await host.dispose();
  await storage.cleanup();
}
