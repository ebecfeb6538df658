/**
 * Benchmark: durable commits per second with group commit vs one transaction per commit (the baseline), measured in
 * the same run on the same disk, with `synchronous=FULL` in both. Run:
 *   node --no-node-snapshot host/src/storage/sqlite/bench/group-commit.bench.ts [commits] [concurrency]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeEvent } from '../../internal/fixtures.ts';
import { createSqliteStore } from '../store.ts';

const total = Number(process.argv[2] ?? 5000);
const concurrency = Number(process.argv[3] ?? 100);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-'));

async function run(label: string): Promise<number> {
  const store = await createSqliteStore(path.join(dir, `${label}.sqlite`));
  let next = 0;
  const started = process.hrtime.bigint();
  // `concurrency` callers, each committing one event at a time, like concurrent /track requests.
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      await store.commit({ events: [makeEvent('bench', `${label}-${i}`, { properties: { i, text: 'x'.repeat(200) } })] });
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stats = store.commitStats;
  await store.close();
  const rate = total / seconds;
  console.log(`${label.padEnd(10)} ${rate.toFixed(0).padStart(7)} commits/s  ${stats.groups} transactions for ${stats.items} commits`);
  return rate;
}

// Baseline: concurrency 1, so every commit is its own fsynced transaction.
const baseline = await (async () => {
  const store = await createSqliteStore(path.join(dir, 'single.sqlite'));
  const n = Math.min(total, 1000);
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await store.commit({ events: [makeEvent('bench', `single-${i}`, { properties: { i, text: 'x'.repeat(200) } })] });
  const rate = n / (Number(process.hrtime.bigint() - started) / 1e9);
  console.log(`${'single'.padEnd(10)} ${rate.toFixed(0).padStart(7)} commits/s  (one transaction per commit, ${n} commits)`);
  await store.close();
  return rate;
})();
const grouped = await run('grouped');
console.log(`ratio grouped/single: ${(grouped / baseline).toFixed(1)}x (${concurrency} concurrent committers, synchronous=FULL)`);
fs.rmSync(dir, { recursive: true, force: true });
