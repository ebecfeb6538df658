/**
 * The SQLite migration target. Each migration runs in one IMMEDIATE transaction together with the row that records
 * it, so a crash leaves it either fully applied or not at all, and two processes migrating the same file at once
 * serialise on the write lock (the second one sees the record and skips).
 */
import type { Database } from 'better-sqlite3';
import { migrationError } from '../errors.ts';
import type { AppliedMigration, MigrationTarget, StepOutcome, StepProgress } from '../types.ts';
import { SQLITE_MIGRATIONS, type SqliteMigration } from './registry.ts';

/** The table where applied SQLite migrations are recorded. */
export const MIGRATIONS_TABLE = 'applied_migrations';

/** A migration target for one open SQLite database (`migrations` defaults to {@link SQLITE_MIGRATIONS}). */
export function sqliteMigrationTarget(db: Database, migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS): MigrationTarget {
  // The runner's own bookkeeping table: it must exist before any migration can be recorded.
  db.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id TEXT PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const byId = new Map(migrations.map((m) => [m.id, m]));
  const isApplied = db.prepare(`SELECT 1 FROM ${MIGRATIONS_TABLE} WHERE id = ?`).pluck();
  const record = db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (id, description, applied_at) VALUES (?, ?, ?)`);
  const unrecord = db.prepare(`DELETE FROM ${MIGRATIONS_TABLE} WHERE id = ?`);

  const find = (id: string): SqliteMigration => {
    const m = byId.get(id);
    if (!m) throw migrationError('migration_not_found', `no SQLite migration "${id}"`, { id });
    return m;
  };
  const applyTx = db.transaction((m: SqliteMigration, progress: StepProgress): StepOutcome => {
    if (isApplied.get(m.id)) return 'skipped';
    m.up(db, progress);
    record.run(m.id, m.description, new Date().toISOString());
    return 'applied';
  });
  const revertTx = db.transaction((m: SqliteMigration, progress: StepProgress): StepOutcome => {
    if (!isApplied.get(m.id)) return 'skipped';
    if (!m.down) throw migrationError('migration_irreversible', `SQLite migration "${m.id}" has no down`, { id: m.id });
    m.down(db, progress);
    unrecord.run(m.id);
    return 'applied';
  });
  const wrap = (fn: () => StepOutcome, id: string, verb: string): Promise<StepOutcome> => {
    try {
      return Promise.resolve(fn());
    } catch (cause) {
      if ((cause as { name?: string }).name === 'MigrationError') return Promise.reject(cause);
      return Promise.reject(migrationError('migration_failed', `SQLite migration "${id}" failed to ${verb}: ${(cause as Error).message}`, { id }, cause));
    }
  };

  return {
    adapter: 'sqlite',
    steps: migrations.map((m) => ({ id: m.id, description: m.description, reversible: typeof m.down === 'function' })),
    applied: async () => db.prepare(`SELECT id, applied_at AS appliedAt FROM ${MIGRATIONS_TABLE}`).all() as AppliedMigration[],
    apply: (id, progress) => wrap(() => applyTx.immediate(find(id), progress), id, 'apply'),
    revert: (id, progress) => wrap(() => revertTx.immediate(find(id), progress), id, 'revert'),
  };
}
