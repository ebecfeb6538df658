import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migrate, rollback } from '../runner.ts';
import type { MigrationProgress } from '../types.ts';
import { SQLITE_MIGRATIONS, sqliteMigrationTarget } from './index.ts';

const BEFORE = SQLITE_MIGRATIONS.findIndex((m) => m.id === '202611281600-stored-columns');
/** The migrations up to and including this one (later ones are not this test's concern). */
const UPTO = SQLITE_MIGRATIONS.slice(0, BEFORE + 1);
let db: Database.Database;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-rebuild-'));
afterEach(() => db?.close());
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function open(): Database.Database {
  const file = path.join(root, 'x.sqlite');
  db = new Database(file);
  return db;
}

describe('SQLite 202611281600-stored-columns', () => {
  it('rebuilds tables with data in them, reporting progress, and rolls back without losing a row', async () => {
    open();
    await migrate({ target: sqliteMigrationTarget(db, SQLITE_MIGRATIONS.slice(0, BEFORE)) });
    const insert = db.prepare('INSERT INTO events (id, doc) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 12_000; i++) {
        insert.run(`e${i}`, JSON.stringify({ id: `e${i}`, type: i % 2 ? 'view' : 'buy', sourceId: 's', profileId: `p${i % 10}`, sessionId: null, time: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z` }));
      }
      db.prepare('INSERT INTO profiles (id, doc) VALUES (?, ?)').run('p1', JSON.stringify({ id: 'p1', createdAt: 'a', updatedAt: 'b' }));
    })();

    const steps: MigrationProgress[] = [];
    const result = await migrate({ target: sqliteMigrationTarget(db, UPTO), onProgress: (p) => steps.push(p) });
    expect(result.executed).toEqual(['202611281600-stored-columns']);
    const fractions = steps.filter((s) => s.phase === 'step').map((s) => s.fraction);
    expect(fractions.length).toBeGreaterThan(3);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(12_000);
    expect(db.prepare("SELECT count(*) FROM events WHERE profile_id = 'p3' AND type = 'view'").pluck().get()).toBe(1200);
    expect(db.prepare("SELECT updated_at FROM profiles WHERE id = 'p1'").pluck().get()).toBe('b');
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM events WHERE profile_id = 'p3' ORDER BY time DESC LIMIT 5").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(';')).toContain('USING INDEX events_profile_time');

    await rollback({ target: sqliteMigrationTarget(db, UPTO), to: SQLITE_MIGRATIONS[BEFORE - 1]!.id });
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(12_000);
    const columns = (db.prepare('PRAGMA table_xinfo(events)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(['id', 'doc']);
    expect((await migrate({ target: sqliteMigrationTarget(db, UPTO) })).executed).toEqual(['202611281600-stored-columns']);
  });
});
