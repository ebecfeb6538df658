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
 * Page cache sizes, in KiB. Read connections: random (UUID) keys touch index pages all over the file, and 32 MB
 * (SQLite's default is 2 MB) keeps the hot ones in memory as the data grows; memory is only taken as pages are read.
 * Write connections keep SQLite's 2 MB: while the file is under 1 GB, a COMMIT walks the connection's whole page cache
 * whenever the transaction split a B-tree page and renumbered the new pages (SQLite parks one page at the number of
 * the 1 GB lock page meanwhile, so the commit's "drop cached pages past the end of the file" finds one and scans every
 * slot). Returning visitors' scattered index inserts split pages in almost every group: with 32 MB that walk took
 * 6-8 % of the writer thread. The pages the smaller cache misses come from the operating system's cache
 * (test/bench/README.md, tenth session).
 */
export const PAGE_CACHE_KIB = { read: 32_000, write: 2_000 } as const;

/**
 * Opens (creating if needed) a database file in WAL mode with `synchronous=FULL`: every commit fsyncs the WAL, so an
 * acknowledged write survives power loss, not only a killed process. Group commit pays that fsync once per group.
 * `role`: `write` for the connection that commits (the writer thread's), which sizes its page cache accordingly.
 */
export function openSqliteDatabase(file: string, role: keyof typeof PAGE_CACHE_KIB = 'read'): SqliteDatabase {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Another process (e.g. `tessera migrate` next to a running host) may hold the write lock briefly.
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${PAGE_CACHE_KIB[role]}`);
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
