/**
 * `npm run bench:track`: /track throughput against a bare Fastify baseline, measured in the same run.
 *   (a) a bare Fastify route in its own process that parses the same body;
 *   (b) POST /track with one event on the real host process (SQLite, durable group commit), in two traffic shapes:
 *       (b1) returning visitors: 1000 known sessions, so each answer commits the event, profile and session;
 *       (b2) a new visitor per request: one profile, one session and three events (two system events).
 *   (b0) for diagnosis: the same returning-visitor bodies with saveEvents/saveSession/saveProfile=false, i.e. the
 *        whole pipeline without the durable commit, which shows how much of the gap is storage.
 * Every target runs on a concurrency ladder (default 16, 64, 256 and 512 connections), all (target, level) pairs
 * interleaved in slices (see internal/ladder.ts). The verdict compares peak throughput, each target at its best
 * level: a closed-loop load generator at a low connection count measures latency (a /track request waits for its
 * group commit while the machine idles), at a high one the capacity that open traffic meets. The ratio at every
 * level is printed as well. Target: ratio >= 0.25.
 * Each row also gives, at the target's peak, p50/p99 latency, the server process's CPU per request (all its threads,
 * from /proc on Linux; in scale mode the engines' CPU is not in it) and how busy the whole machine was.
 * The header also prints the disk's flush latency (fdatasync of 4 KB, same file system as the database), the floor
 * under one durable commit, and the load average: the ratio is only comparable between runs on a quiet machine.
 * Measuring starts after the host's start-up work (seeding the plugin registry) has finished, so it is not counted.
 * Options (env): BENCH_LEVELS connection counts (16,64,256,512), BENCH_DURATION seconds per target and level (8),
 * BENCH_SLICES (4).
 * `-- --storage elasticsearch`: (b) runs in scale mode on the test engines (ELASTIC_HOST, and REDIS_HOST for the
 * locks when reachable; see test/engines/README.md), on throw-away indices.
 */
import os from 'node:os';
import { startHost, waitForSeeding } from '../helpers/index.ts';
import { startBare } from './internal/bare.ts';
import { fsyncLatency } from './internal/fsync-latency.ts';
import { failures, ladderTable, measureLadder, parseLevels, ratiosByLevel, type LadderResult } from './internal/ladder.ts';
import { scaleModeEnv } from './internal/storage-option.ts';
import { returningBodies, trackBody, unsavedBodies } from './internal/track-bodies.ts';

const LEVELS = parseLevels(process.env.BENCH_LEVELS, [16, 64, 256, 512]);
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const SLICES = Number(process.env.BENCH_SLICES ?? 4);
const TARGET = 0.25;

const storage = await scaleModeEnv(process.argv.slice(2));
const host = await startHost({ env: { LOG_LEVEL: 'warn', ...storage.env } });
const bare = await startBare();
try {
  const source = await host.api.createSource({ name: 'bench' });
  await waitForSeeding(host.api, 180_000);
  const flush = fsyncLatency(host.dataDir);
  const returning = returningBodies(source.id);
  const fresh = [trackBody(source.id)];
  const unsaved = unsavedBodies(source.id);
  const ladder = { levels: LEVELS, seconds: DURATION, slices: SLICES };
  const [a1, b1, b0] = await measureLadder([
    { name: '(a1) bare Fastify, bodies of b1', url: bare.url, bodies: returning, pid: bare.pid },
    { name: `(b1) /track returning, ${storage.label}`, url: `${host.url}/track`, bodies: returning, pid: host.pid },
    { name: '(b0) /track nothing saved (diagnosis)', url: `${host.url}/track`, bodies: unsaved, pid: host.pid },
  ], ladder) as [LadderResult, LadderResult, LadderResult];
  const [a2, b2] = await measureLadder([
    { name: '(a2) bare Fastify, body of b2', url: bare.url, bodies: fresh, pid: bare.pid },
    { name: `(b2) /track new visitor, ${storage.label}`, url: `${host.url}/track`, bodies: fresh, pid: host.pid },
  ], ladder) as [LadderResult, LadderResult];
  const verdict = (ratio: number) => `${ratio.toFixed(3)}  (target >= ${TARGET}: ${ratio >= TARGET ? 'met' : 'NOT met'})`;
  console.log(`bench:track  ${DURATION}s per target and level in ${SLICES} interleaved slices, one event per request, ${os.availableParallelism()} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}`);
  console.log(`disk flush (fdatasync 4 KB, database file system): p50 ${flush.p50.toFixed(2)} ms, p90 ${flush.p90.toFixed(2)} ms; SQLite synchronous=FULL, one flush per group commit`);
  for (const line of ladderTable([a1, b1, b0, a2, b2])) console.log(line);
  console.log(`ratio b1/a1 (returning visitors), peak throughput = ${verdict(b1.peak.rps / a1.peak.rps)}`);
  console.log(`  at each level (connections: ratio)              ${ratiosByLevel(b1, a1)}`);
  console.log(`ratio b2/a2 (new visitor each), peak throughput   = ${verdict(b2.peak.rps / a2.peak.rps)}`);
  console.log(`  at each level (connections: ratio)              ${ratiosByLevel(b2, a2)}`);
  console.log(`ratio b0/a1 (pipeline without the durable commit), peak throughput = ${(b0.peak.rps / a1.peak.rps).toFixed(3)}`);
  const stored = await host.api.get(`/api/events?source=${source.id}&type=page-view&limit=1`);
  if (stored.body.items.length === 0) throw new Error('the host acknowledged events but none is stored');
  if (failures([b1, b2]) > 0) process.exitCode = 1;
} finally {
  await bare.stop();
  await host.dispose();
  await storage.cleanup();
}
