/**
 * `npm run bench:track`: /track throughput against a bare Fastify baseline, measured in the same run.
 *   (a) a bare Fastify route in its own process that parses the same body;
 *   (b) POST /track with one event on the real host process (SQLite, durable group commit), a new visitor per
 *       request: one profile, one session and three events (two system events) committed before each answer.
 * Prints req/s, p50/p99 latency of each and the ratio b/a. Target: ratio >= 0.25.
 * Options (env): BENCH_DURATION seconds per run (10), BENCH_CONNECTIONS (32).
 * `-- --storage elasticsearch`: (b) runs in scale mode on the test engines (ELASTIC_HOST, and REDIS_HOST for the
 * locks when reachable; see test/engines/README.md), on throw-away indices.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startHost } from '../helpers/index.ts';
import { scaleModeEnv } from './internal/storage-option.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const TARGET = 0.25;

interface Result { name: string; rps: number; p50: number; p99: number; non2xx: number; errors: number }

async function measure(name: string, url: string, body: string): Promise<Result> {
  const opts = { url, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body, connections: CONNECTIONS };
  await autocannon({ ...opts, duration: 2 }); // warm-up: JIT, SQLite page cache
  const r = await autocannon({ ...opts, duration: DURATION });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

function payload(sourceId: string): string {
  return JSON.stringify({
    source: { id: sourceId },
    context: { browser: { local: { browser: { userAgent: 'bench', language: 'en' } } }, page: { url: 'https://shop.example/p/1' } },
    events: [{ type: 'page-view', properties: { title: 'Product 1', price: 12.5, tags: ['a', 'b'] }, context: { page: { title: 'Product 1' } } }],
    options: {},
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
  const body = payload(source.id);
  const a = await measure('(a) bare Fastify, same body', bare.url, body);
  const b = await measure(`(b) /track, 1 event, ${storage.label}`, `${host.url}/track`, body);
  const row = (r: Result) => `${r.name.padEnd(30)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   non-2xx ${r.non2xx}   errors ${r.errors}`;
  const ratio = b.rps / a.rps;
  console.log(`bench:track  ${DURATION}s per run, ${CONNECTIONS} connections, body ${Buffer.byteLength(body)} bytes`);
  console.log(row(a));
  console.log(row(b));
  console.log(`ratio b/a = ${ratio.toFixed(3)}  (target >= ${TARGET}: ${ratio >= TARGET ? 'met' : 'NOT met'})`);
  const stored = await host.api.get(`/api/events?source=${source.id}&type=page-view&limit=1`);
  if (stored.body.items.length === 0) throw new Error('the host acknowledged events but none is stored');
  if (b.non2xx > 0 || b.errors > 0) process.exitCode = 1;
} finally {
  await bare.stop();
  await host.dispose();
  await storage.cleanup();
}
