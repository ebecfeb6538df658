import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase, type SqliteDatabase } from '../database.ts';
import { runGroup } from './run-group.ts';

let db: SqliteDatabase;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-group-'));
afterEach(() => db?.close());
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const open = (): SqliteDatabase => (db = openSqliteDatabase(path.join(fs.mkdtempSync(path.join(root, 'db-')), 'x.sqlite')));

describe('group commit', () => {
  it('commits a group in one transaction and rolls back only the piece that throws', () => {
    open().exec('CREATE TABLE t (id TEXT PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const stats = { groups: 0, items: 0 };
    const outcomes = runGroup(db, [() => insert.run('a'), () => { insert.run('b'); insert.run('a'); }, () => insert.run('c')], stats);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(db.prepare('SELECT id FROM t ORDER BY id').pluck().all()).toEqual(['a', 'c']);
    expect(stats).toEqual({ groups: 1, items: 3 });
  });

  it('retries the pieces one by one when the transaction fails only at COMMIT', () => {
    // A deferred foreign key is checked at COMMIT: the whole group fails there, and only the offending piece may.
    open().exec('CREATE TABLE parent (id TEXT PRIMARY KEY); CREATE TABLE child (id TEXT, parent TEXT REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)');
    const stats = { groups: 0, items: 0 };
    const outcomes = runGroup(db, [
      () => db.prepare("INSERT INTO parent VALUES ('p1')").run(),
      () => db.prepare("INSERT INTO child VALUES ('c1', 'missing')").run(),
      () => db.prepare("INSERT INTO child VALUES ('c2', 'p1')").run(),
    ], stats);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(db.prepare('SELECT id FROM child').pluck().all()).toEqual(['c2']);
    expect(stats).toEqual({ groups: 2, items: 2 });
  });
});
