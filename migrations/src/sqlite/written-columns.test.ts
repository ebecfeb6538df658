import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migrate, rollback } from '../runner.ts';
import { SQLITE_MIGRATIONS, sqliteMigrationTarget } from './index.ts';

const AT = SQLITE_MIGRATIONS.findIndex((m) => m.id === '202611281830-written-columns');
const UPTO = SQLITE_MIGRATIONS.slice(0, AT + 1);
let db: Database.Database;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-written-columns-'));
afterEach(() => db?.close());
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const generated = (table: string): string[] =>
  (db.prepare(`PRAGMA table_xinfo(${table})`).all() as { name: string; hidden: number }[]).filter((c) => c.hidden === 3).map((c) => c.name);

describe('SQLite 202611281830-written-columns', () => {
  it('turns the indexed columns of profiles and sessions into written ones with the same values, and back', async () => {
    db = new Database(path.join(root, 'x.sqlite'));
    await migrate({ target: sqliteMigrationTarget(db, SQLITE_MIGRATIONS.slice(0, AT)) });
    const profile = db.prepare('INSERT INTO profiles (id, doc) VALUES (?, ?)');
    const session = db.prepare('INSERT INTO sessions (id, doc) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 7000; i++) {
        profile.run(`p${i}`, JSON.stringify({ id: `p${i}`, createdAt: `2026-01-0${1 + (i % 9)}T00:00:00Z`, updatedAt: `2026-02-01T00:00:${String(i % 60).padStart(2, '0')}Z` }));
        session.run(`s${i}`, JSON.stringify({ id: `s${i}`, profileId: i % 3 ? `p${i % 100}` : null, updatedAt: '2026-02-02T00:00:00Z' }));
      }
    })();
    const snapshot = () => ({
      profiles: db.prepare('SELECT id, doc, created_at, updated_at FROM profiles ORDER BY id').all(),
      sessions: db.prepare('SELECT id, doc, profile_id, updated_at FROM sessions ORDER BY id').all(),
    });
    const before = snapshot();
    expect(generated('sessions')).toEqual(['profile_id', 'updated_at']);

    expect((await migrate({ target: sqliteMigrationTarget(db, UPTO) })).executed).toEqual(['202611281830-written-columns']);
    expect(generated('profiles')).toEqual([]);
    expect(generated('sessions')).toEqual([]);
    expect(snapshot()).toEqual(before);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM sessions WHERE profile_id = 'p7' ORDER BY id LIMIT 5").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(';')).toMatch(/USING (COVERING )?INDEX sessions_profile/);

    await rollback({ target: sqliteMigrationTarget(db, UPTO), to: SQLITE_MIGRATIONS[AT - 1]!.id });
    expect(generated('profiles')).toEqual(['created_at', 'updated_at']);
    expect(snapshot()).toEqual(before);
  });
});
