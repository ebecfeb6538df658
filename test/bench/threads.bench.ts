/**
 * `npm run bench -- threads`: where a /track request's CPU goes, thread by thread, in the real host process. For each
 * traffic shape of bench:track it loads the host with autocannon and prints, per request, each thread's CPU time and
 * the write system calls and bytes it issued (from /proc, Linux): the main thread (HTTP and the pipeline), the SQLite
 * writer and checkpoint threads (`WorkerThread`), V8's garbage-collection helpers (`V8Worker`). A diagnosis, not a
 * verdict: it tells which thread a change should make cheaper, and whether it did (compare runs of both versions; a
 * fixed rate makes their figures comparable, see test/bench/README.md).
 * Options (env): BENCH_SHAPES (b1,b2; b0 = returning visitors with nothing saved), BENCH_CONNECTIONS (256),
 * BENCH_DURATION seconds per shape (10), BENCH_RATE requests per second for all connections together (unset: as fast
 * as the host answers).
 */
import type { Result } from 'autocannon';
import { startHost, waitForSeeding } from '../helpers/index.ts';
import { cannon } from './internal/ladder.ts';
import { threadCounters, type ThreadCounters } from './internal/process-cpu.ts';
import { returningBodies, trackBody, unsavedBodies } from './internal/track-bodies.ts';

const SHAPES = (process.env.BENCH_SHAPES ?? 'b1,b2').split(',').map((s) => s.trim());
if (SHAPES.some((s) => !['b0', 'b1', 'b2'].includes(s))) throw new Error(`BENCH_SHAPES takes b0, b1 and b2, not "${process.env.BENCH_SHAPES}"`);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 256);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;

const host = await startHost({ env: { LOG_LEVEL: 'warn' } });
try {
  if (threadCounters(host.pid) === null) throw new Error('bench threads reads /proc: it runs on Linux only');
  const source = await host.api.createSource({ name: 'bench' });
  await waitForSeeding(host.api, 180_000);
  const bodiesOf: Record<string, string[]> = {
    b0: unsavedBodies(source.id),
    b1: returningBodies(source.id),
    b2: [trackBody(source.id)],
  };
  const load = (bodies: readonly string[], seconds: number): Promise<Result> =>
    cannon({ url: `${host.url}/track`, bodies }, CONNECTIONS, seconds, { next: 0 }, RATE);
  console.log(`bench threads: ${CONNECTIONS} connections, ${DURATION} s per shape${RATE ? `, ${RATE} req/s` : ''}; per request: CPU µs, write calls, KB written`);
  for (const shape of SHAPES) {
    const bodies = bodiesOf[shape]!;
    await load(bodies, 3);
    const before = new Map(threadCounters(host.pid)!.map((t) => [t.name, t]));
    const result = await load(bodies, DURATION);
    const after = threadCounters(host.pid)!;
    const n = result.requests.total;
    if (result.non2xx > 0 || result.errors > 0) process.exitCode = 1;
    console.log(`${shape}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`);
    const zero: ThreadCounters = { name: '', cpuMs: 0, writeCalls: 0, writtenBytes: 0 };
    const rows = after.map((t) => {
      const b = before.get(t.name) ?? zero;
      return { name: t.name, cpu: ((t.cpuMs - b.cpuMs) * 1000) / n, calls: (t.writeCalls - b.writeCalls) / n, kb: (t.writtenBytes - b.writtenBytes) / 1024 / n };
    }).filter((r) => r.cpu >= 0.5 || r.calls >= 0.05).sort((x, y) => y.cpu - x.cpu);
    for (const r of rows) console.log(`  ${r.name.padEnd(22)} ${r.cpu.toFixed(1).padStart(6)} µs  ${r.calls.toFixed(2).padStart(5)} writes  ${r.kb.toFixed(1).padStart(5)} KB`);
    console.log(`  ${'all threads'.padEnd(22)} ${rows.reduce((s, r) => s + r.cpu, 0).toFixed(1).padStart(6)} µs`);
  }
} finally {
  await host.dispose();
}
