/**
 * Benchmark behind migration 202611281600-stored-columns: event inserts per second with the five event indexes as
 * expression indexes on `json_extract(doc, ...)` (the baseline, migration 202611281500) versus as indexes on STORED
 * generated columns (current), in the same run, alternating rounds so machine load hits both alike.
 *   node --no-node-snapshot host/src/storage/sqlite/bench/index-layout.bench.ts [events] [rounds]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeEvent } from '../../internal/fixtures.ts';

const count = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 3);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-index-bench-'));
const docs = Array.from({ length: count }, (_, i) => makeEvent(`src-${i % 5}`, crypto.randomUUID(), {
  profileId: `p${i % 1000}`, sessionId: `s${i % 3000}`, time: new Date(1e12 + i * 1000).toISOString(),
  properties: { url: `https://example.org/${i}` }, context: { userAgent: 'Mozilla/5.0 '.repeat(8) },
}));
const x = (f: string) => `json_extract(doc, '$.${f}')`;
const g = (c: string, f: string) => `${c} ANY GENERATED ALWAYS AS (${x(f)}) STORED`;
const layouts = {
  expression: `CREATE TABLE events (id TEXT PRIMARY KEY, doc TEXT NOT NULL) STRICT;
    CREATE INDEX a ON events (${x('time')}, id); CREATE INDEX b ON events (${x('type')}, ${x('time')}, id);
    CREATE INDEX c ON events (${x('sourceId')}, ${x('time')}, id); CREATE INDEX d ON events (${x('profileId')}, ${x('time')}, id);
    CREATE INDEX e ON events (${x('sessionId')}, ${x('time')}, id);`,
  stored: `CREATE TABLE events (id TEXT PRIMARY KEY, doc TEXT NOT NULL, ${g('time', 'time')}, ${g('type', 'type')},
      ${g('source_id', 'sourceId')}, ${g('profile_id', 'profileId')}, ${g('session_id', 'sessionId')}) STRICT;
    CREATE INDEX a ON events (time, id); CREATE INDEX b ON events (type, time, id); CREATE INDEX c ON events (source_id, time, id);
    CREATE INDEX d ON events (profile_id, time, id); CREATE INDEX e ON events (session_id, time, id);`,
};

function once(name: keyof typeof layouts, round: number): number {
  const db = new Database(path.join(dir, `${name}-${round}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(layouts[name]);
  const insert = db.prepare('INSERT INTO events (id, doc) VALUES (?, ?)');
  const started = performance.now();
  // Groups of 32 commits, as group commit forms them under 32 concurrent /track requests.
  for (let i = 0; i < docs.length; i += 32) db.transaction(() => { for (const d of docs.slice(i, i + 32)) insert.run(d.id, JSON.stringify(d)); })();
  const rate = docs.length / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

const totals = { expression: 0, stored: 0 };
for (let r = 0; r < rounds; r++) for (const name of ['expression', 'stored'] as const) totals[name] += once(name, r);
for (const name of ['expression', 'stored'] as const) console.log(`${name.padEnd(11)} ${(totals[name] / rounds).toFixed(0).padStart(7)} events/s`);
console.log(`ratio stored/expression: ${(totals.stored / totals.expression).toFixed(2)}x (${count} events x ${rounds} rounds, synchronous=FULL)`);
fs.rmSync(dir, { recursive: true, force: true });
