/**
 * `npm run bench -- ab`: two host configurations compared in ONE run, for judging a change on a shared, noisy machine
 * (see README.md, "How to judge a change"). Host A and host B get the environment in `AB_A` and `AB_B` (JSON objects,
 * e.g. `AB_B='{"SOME_SWITCH":"1"}'`); both, and the bare baseline, run the bench:track traffic shapes on the
 * concurrency ladder, all (target, level) pairs interleaved. Prints each host's table and the ratios B/A, at the peaks
 * and by level. Differences of a few percent are noise: an A/A run (both empty) shows how much.
 * `AB_A_ROOT` / `AB_B_ROOT` run that host from another checkout (installed and built), so two commits compare in one
 * run: e.g. `git worktree add ../before <commit>`, then `npm ci && npm run build` there, and `AB_A_ROOT=../before`.
 * `AB_B_SQL` runs SQL on host B's SQLite database once both hosts are up, before measuring: a schema experiment
 * without a migration, e.g. `AB_B_SQL='DROP INDEX events_profile_time'` (host A keeps the schema of its code).
 * Options (env): AB_SHAPES `b1,b2` (returning visitors, new visitors), BENCH_LEVELS (64,256,512), BENCH_DURATION
 * seconds per target and level (8), BENCH_SLICES (4).
 */
import fs from 'node:fs';
import { openSqliteDatabase, sqliteFile } from '../../host/src/storage/sqlite/database.ts';
import { startHost, waitForSeeding } from '../helpers/index.ts';
import { startBare } from './internal/bare.ts';
import { ladderTable, measureLadder, parseLevels, ratiosByLevel, type LadderResult } from './internal/ladder.ts';
import { returningBodies, trackBody } from './internal/track-bodies.ts';

const envOf = (name: string): Record<string, string> => {
  try {
    const value = JSON.parse(process.env[name] ?? '{}') as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, string>;
  } catch { /* reported below */ }
  throw new Error(`${name} must be a JSON object of environment variables, not ${process.env[name]}`);
};
const shapes = (process.env.AB_SHAPES ?? 'b1,b2').split(',').map((s) => s.trim());
if (shapes.some((s) => s !== 'b1' && s !== 'b2')) throw new Error(`AB_SHAPES takes b1 and/or b2, not "${process.env.AB_SHAPES}"`);
const ladder = { levels: parseLevels(process.env.BENCH_LEVELS, [64, 256, 512]), seconds: Number(process.env.BENCH_DURATION ?? 8), slices: Number(process.env.BENCH_SLICES ?? 4) };

const rootOf = (name: string): { root?: string } => (process.env[name] ? { root: process.env[name] } : {});
const hostA = await startHost({ env: { LOG_LEVEL: 'warn', ...envOf('AB_A') }, ...rootOf('AB_A_ROOT') });
const hostB = await startHost({ env: { LOG_LEVEL: 'warn', ...envOf('AB_B') }, ...rootOf('AB_B_ROOT') });
for (const [name, root, env] of [['A', 'AB_A_ROOT', 'AB_A'], ['B', 'AB_B_ROOT', 'AB_B']] as const) {
  console.log(`host ${name}: ${process.env[root] ? `checkout ${process.env[root]}` : 'this checkout'}, environment ${JSON.stringify(envOf(env))}`);
}
const bare = await startBare();
try {
  const [sourceA, sourceB] = [await hostA.api.createSource({ name: 'bench' }), await hostB.api.createSource({ name: 'bench' })];
  await waitForSeeding(hostA.api, 180_000);
  await waitForSeeding(hostB.api, 180_000);
  if (process.env.AB_B_SQL) {
    // A schema experiment on the running host B: its statements are prepared again when the schema changes.
    const file = sqliteFile(hostB.dataDir, envOf('AB_B').PRODUCTION === 'yes');
    // Opening would create an empty file for a host that stores elsewhere (scale mode): say so instead.
    if (!fs.existsSync(file)) throw new Error(`AB_B_SQL: host B has no SQLite database at ${file} (is it in scale mode?)`);
    const db = openSqliteDatabase(file);
    try {
      db.exec(process.env.AB_B_SQL);
    } finally {
      db.close();
    }
    console.log(`host B: ran ${process.env.AB_B_SQL} on its database`);
  }
  for (const shape of shapes) {
    const bodies = (sourceId: string) => (shape === 'b1' ? returningBodies(sourceId) : [trackBody(sourceId)]);
    const [base, a, b] = await measureLadder([
      { name: `bare (${shape} bodies)`, url: bare.url, bodies: bodies(sourceA.id), pid: bare.pid },
      { name: `${shape} host A`, url: `${hostA.url}/track`, bodies: bodies(sourceA.id), pid: hostA.pid },
      { name: `${shape} host B`, url: `${hostB.url}/track`, bodies: bodies(sourceB.id), pid: hostB.pid },
    ], ladder) as [LadderResult, LadderResult, LadderResult];
    for (const line of ladderTable([base, a, b], 24)) console.log(line);
    console.log(`${shape}: peak ratio to the bare route A ${(a.peak.rps / base.peak.rps).toFixed(3)}, B ${(b.peak.rps / base.peak.rps).toFixed(3)}; `
      + `B/A at the peaks ${(b.peak.rps / a.peak.rps).toFixed(3)}, by level ${ratiosByLevel(b, a)}\n`);
  }
} finally {
  await bare.stop();
  await hostA.dispose();
  await hostB.dispose();
}
