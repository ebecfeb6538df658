import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migrate, rollback } from './runner.ts';
import { SQLITE_MIGRATIONS, sqliteMigrationTarget, type SqliteMigration } from './sqlite/index.ts';
import type { MigrationProgress } from './types.ts';

const open: Database.Database[] = [];
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-migrations-'));
function tempDb(): { file: string; db: Database.Database } {
  const dir = fs.mkdtempSync(path.join(root, 'db-'));
  const file = path.join(dir, 'test.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  open.push(db);
  return { file, db };
}
const tables = (db: Database.Database): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('migration runner on SQLite', () => {
  it('applies every migration once; a second run does nothing', async () => {
    const { db } = tempDb();
    const first = await migrate({ target: sqliteMigrationTarget(db) });
    expect(first.executed).toEqual(SQLITE_MIGRATIONS.map((m) => m.id));
    expect(tables(db)).toEqual(expect.arrayContaining(['profiles', 'profile_ids', 'sessions', 'events', 'config', 'kv', 'jobs']));
    const second = await migrate({ target: sqliteMigrationTarget(db) });
    expect(second.executed).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.executed);
  });

  it('lists pending migrations on a dry run and changes nothing', async () => {
    const { db } = tempDb();
    const dry = await migrate({ target: sqliteMigrationTarget(db), dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.executed).toEqual(SQLITE_MIGRATIONS.map((m) => m.id));
    expect(tables(db)).not.toContain('profiles');
    expect((await migrate({ target: sqliteMigrationTarget(db) })).executed).toHaveLength(SQLITE_MIGRATIONS.length);
  });

  it('reports progress from 0 to 1, with each migration\'s own steps', async () => {
    const { db } = tempDb();
    const steps: SqliteMigration[] = [
      { id: '202601010000-a', description: 'a', up: (d) => d.exec('CREATE TABLE a (x)') },
      { id: '202601010001-b', description: 'b', up: (d, progress) => { for (let i = 1; i <= 4; i++) progress(i, 4); } },
    ];
    const events: MigrationProgress[] = [];
    await migrate({ target: sqliteMigrationTarget(db, steps), onProgress: (p) => events.push(p) });
    const overall = events.map((e) => e.overall);
    expect(overall).toEqual([...overall].sort((x, y) => x - y));
    expect(events.at(-1)).toMatchObject({ phase: 'finish', overall: 1 });
    expect(events.filter((e) => e.phase === 'step').map((e) => e.overall)).toEqual([0.625, 0.75, 0.875, 1]);
    expect(events.filter((e) => e.phase === 'done').map((e) => e.id)).toEqual(['202601010000-a', '202601010001-b']);
  });

  it('rolls a failing migration back entirely and keeps the ones before it', async () => {
    const { db } = tempDb();
    const steps: SqliteMigration[] = [
      { id: '202601010000-good', description: 'good', up: (d) => d.exec('CREATE TABLE good (x)') },
      { id: '202601010001-bad', description: 'bad', up: (d) => { d.exec('CREATE TABLE half (x)'); throw new Error('boom'); } },
    ];
    await expect(migrate({ target: sqliteMigrationTarget(db, steps) })).rejects.toMatchObject({ code: 'migration_failed' });
    expect(tables(db)).toContain('good');
    expect(tables(db)).not.toContain('half');
    const retry = await migrate({ target: sqliteMigrationTarget(db, steps.slice(0, 1)) });
    expect(retry.executed).toEqual([]);
  });

  it('skips a migration another process applied after this one planned', async () => {
    const { file, db } = tempDb();
    const other = new Database(file);
    open.push(other);
    const mine = sqliteMigrationTarget(db);
    await migrate({ target: sqliteMigrationTarget(other) });
    await expect(mine.apply(SQLITE_MIGRATIONS[0]!.id, () => undefined)).resolves.toBe('skipped');
  });

  it('refuses a store migrated by a newer version', async () => {
    const { db } = tempDb();
    await migrate({ target: sqliteMigrationTarget(db) });
    db.prepare('INSERT INTO applied_migrations VALUES (?, ?, ?)').run('209912312359-future', 'from the future', new Date().toISOString());
    await expect(migrate({ target: sqliteMigrationTarget(db) })).rejects.toMatchObject({ code: 'migration_unknown' });
  });

  it('rejects ids that are malformed or out of order', async () => {
    const { db } = tempDb();
    const up = (): void => undefined;
    await expect(migrate({ target: sqliteMigrationTarget(db, [{ id: 'initial', description: 'x', up }]) }))
      .rejects.toMatchObject({ code: 'migration_invalid' });
    await expect(migrate({ target: sqliteMigrationTarget(db, [
      { id: '202601010001-b', description: 'b', up }, { id: '202601010000-a', description: 'a', up },
    ]) })).rejects.toMatchObject({ code: 'migration_invalid' });
  });

  it('rolls back with down, newest first, and can migrate up again', async () => {
    const { db } = tempDb();
    await migrate({ target: sqliteMigrationTarget(db) });
    const down = await rollback({ target: sqliteMigrationTarget(db), to: null });
    expect(down.executed).toEqual(SQLITE_MIGRATIONS.map((m) => m.id).reverse());
    expect(tables(db)).toEqual(['applied_migrations']);
    expect((await migrate({ target: sqliteMigrationTarget(db) })).executed).toHaveLength(SQLITE_MIGRATIONS.length);
    const partial = await rollback({ target: sqliteMigrationTarget(db), to: SQLITE_MIGRATIONS[0]!.id, dryRun: true });
    expect(partial.executed).toEqual(SQLITE_MIGRATIONS.slice(1).map((m) => m.id).reverse());
  });
});
