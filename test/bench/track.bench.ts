/**
 * `npm run bench:track`: /track throughput against a bare Fastify baseline, measured in the same run.
 *   (a) a bare Fastify route in its own process that parses the same body;
 *   (b) POST /track with one event on the real host process (SQLite, durable group commit), in two traffic shapes:
 *       (b1) returning visitors: 1000 known sessions, so each answer commits the event, profile and session;
 *       (b2) a new visitor per request: one profile, one session and three events (two system events).
 *   (b0) for diagnosis: the same returning-visitor bodies with saveEvents/saveSession/saveProfile=false, i.e. the
 *        whole pipeline without the durable commit, which shows how much of the gap is storage.
 * The baseline receives exactly the same bodies. Prints req/s, p50/p99 latency of each and the ratios b/a.
 * Target: ratio >= 0.25.
 * Options (env): BENCH_DURATION seconds per run (10), BENCH_CONNECTIONS (32).
 * `-- --storage elasticsearch`: (b) runs in scale mode on the test engines (ELASTIC_HOST, and REDIS_HOST for the
 * locks when reachable; see test/engines/README.md), on throw-away indices.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startHost } from '../helpers/index.ts';
import { scaleModeEnv } from './internal/storage-option.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const TARGET = 0.25;

interface Result { name: string; rps: number; p50: number; p99: number; non2xx: number; errors: number }

/** Runs autocannon cycling through `bodies`, after a short warm-up (JIT, SQLite page cache, first session hits). */
async function measure(name: string, url: string, bodies: readonly string[]): Promise<Result> {
  let next = 0;
  const opts = {
    url, connections: CONNECTIONS,
    requests: [{
      method: 'POST' as const, headers: { 'content-type': 'application/json' },
      setupRequest: (req: Record<string, unknown>) => ({ ...req, body: bodies[next++ % bodies.length] }),
    }],
  };
  await autocannon({ ...opts, duration: 2 });
  const r = await autocannon({ ...opts, duration: DURATION });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
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

async function startBare(): Promise<{ url: string; stop: () => Promise<void> }> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'internal/bare-server.ts');
  const child = spawn(process.execPath, ['--no-node-snapshot', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = Number(chunk.toString().trim());
  return {
    url: `http://127.0.0.1:${port}/track`,
    stop: async () => { child.kill('SIGTERM'); await once(child, 'exit'); },
  };
}

const storage = await scaleModeEnv(process.argv.slice(2));
const host = await startHost({ env: { LOG_LEVEL: 'warn', ...storage.env } });
const bare = await startBare();
try {
  const source = await host.api.createSource({ name: 'bench' });
  const returning = Array.from({ length: 1000 }, (_, i) => payload(source.id, `bench-session-${i}`));
  const fresh = [payload(source.id)];
  const unsaved = Array.from({ length: 1000 }, (_, i) => payload(source.id, `bench-unsaved-${i}`, { saveEvents: false, saveSession: false, saveProfile: false }));
  const a1 = await measure('(a1) bare Fastify, bodies of b1', bare.url, returning);
  const b1 = await measure(`(b1) /track returning, ${storage.label}`, `${host.url}/track`, returning);
  const b0 = await measure(`(b0) /track nothing saved (diagnosis)`, `${host.url}/track`, unsaved);
  const a2 = await measure('(a2) bare Fastify, body of b2', bare.url, fresh);
  const b2 = await measure(`(b2) /track new visitor, ${storage.label}`, `${host.url}/track`, fresh);
  const row = (r: Result) => `${r.name.padEnd(38)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   non-2xx ${r.non2xx}   errors ${r.errors}`;
  const verdict = (ratio: number) => `${ratio.toFixed(3)}  (target >= ${TARGET}: ${ratio >= TARGET ? 'met' : 'NOT met'})`;
  console.log(`bench:track  ${DURATION}s per run, ${CONNECTIONS} connections, one event per request, ${os.availableParallelism()} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}`);
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
