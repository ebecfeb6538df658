/**
 * Opening the SQLite file: pragmas for durability, the functions the query builder relies on, and the migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate, sqliteMigrationTarget, type MigrateResult, type MigrationProgress } from '@tessera/migrations';

/** A better-sqlite3 connection. */
export type SqliteDatabase = Database.Database;

/** The database file for a data folder; `PRODUCTION=yes` uses its own file so the data sets never mix. */
export function sqliteFile(dataDir: string, production: boolean): string {
  return path.join(dataDir, production ? 'tessera-prod.sqlite' : 'tessera.sqlite');
}

/** Options of {@link openSqlite}. */
export interface OpenSqliteOptions {
  /** Apply pending migrations after opening (default true). */
  migrate?: boolean;
  /** Progress of those migrations. */
  onMigrationProgress?: (progress: MigrationProgress) => void;
}

/**
 * Opens (creating if needed) a database file in WAL mode with `synchronous=FULL`: every commit fsyncs the WAL, so an
 * acknowledged write survives power loss, not only a killed process. Group commit pays that fsync once per group.
 */
export function openSqliteDatabase(file: string): SqliteDatabase {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Another process (e.g. `tessera migrate` next to a running host) may hold the write lock briefly.
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Random (UUID) keys touch index pages all over the file; a 32 MB page cache (default 2 MB) keeps the hot ones in
    // memory as the data grows. Memory is only taken as pages are read. The writer thread sets its own connection back
    // to 2 MB (see WRITER_CACHE_KIB in writer/worker.ts: a large cache makes SQLite's commits slower).
    db.pragma('cache_size = -32000');
    // Unicode-aware lower case for case-insensitive `contains` and free-text search (SQLite's lower() is ASCII only).
    db.function('tessera_lower', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Opens a database file and, unless told otherwise, brings its schema up to date. */
export async function openSqlite(file: string, options: OpenSqliteOptions = {}): Promise<SqliteDatabase> {
  const db = openSqliteDatabase(file);
  if (options.migrate !== false) {
    try {
      await migrateSqlite(db, { onProgress: options.onMigrationProgress });
    } catch (error) {
      db.close();
      throw error;
    }
  }
  return db;
}

/** Runs (or, with `dryRun`, lists) the pending SQLite migrations on an open database. */
export function migrateSqlite(db: SqliteDatabase, options: { dryRun?: boolean; onProgress?: (p: MigrationProgress) => void } = {}): Promise<MigrateResult> {
  return migrate({ target: sqliteMigrationTarget(db), dryRun: options.dryRun, onProgress: options.onProgress });
}
