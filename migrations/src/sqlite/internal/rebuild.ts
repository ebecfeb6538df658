/**
 * Rebuilding a SQLite table with a new definition (SQLite cannot add stored columns or change constraints in
 * place): create the new table, copy the rows in chunks reporting progress, swap, recreate the indexes.
 * Runs inside the migration's transaction, so a crash half-way leaves the old table untouched.
 */
import type { Database } from 'better-sqlite3';
import type { StepProgress } from '../../types.ts';

/** One table to rebuild: its name, the column list of the new definition, and the indexes to create after. */
export interface TableRebuild {
  table: string;
  /** Column definitions of the new table (inside `CREATE TABLE t (...)`). */
  columns: string;
  /** Columns copied from the old table (the rest are generated). */
  copy: readonly string[];
  /** Full `CREATE INDEX` statements for the new table. */
  indexes: readonly string[];
}

const CHUNK = 5000;

/** Rebuilds several tables, reporting progress over the rows of all of them. */
export function rebuildTables(db: Database, rebuilds: readonly TableRebuild[], progress: StepProgress): void {
  const counts = rebuilds.map((r) => db.prepare(`SELECT count(*) FROM ${r.table}`).pluck().get() as number);
  const total = counts.reduce((a, b) => a + b, 0);
  let done = 0;
  progress(0, total);
  for (const r of rebuilds) {
    const next = `${r.table}__rebuild`;
    db.exec(`CREATE TABLE ${next} (${r.columns}) STRICT`);
    const cols = r.copy.join(', ');
    const copy = db.prepare(`INSERT INTO ${next} (${cols}) SELECT ${cols} FROM ${r.table} WHERE rowid > ? AND rowid <= ?`);
    const lastRowid = db.prepare(`SELECT max(rowid) FROM (SELECT rowid FROM ${r.table} WHERE rowid > ? ORDER BY rowid LIMIT ${CHUNK})`).pluck();
    for (let after = 0; ;) {
      const upTo = lastRowid.get(after) as number | null;
      if (upTo === null) break;
      done += copy.run(after, upTo).changes;
      after = upTo;
      progress(done, total);
    }
    db.exec(`DROP TABLE ${r.table}; ALTER TABLE ${next} RENAME TO ${r.table};`);
    for (const index of r.indexes) db.exec(index);
  }
  progress(total, total);
}
