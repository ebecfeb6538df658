/**
 * SQLite 202611281510-jobs: the table of the embedded durable queue (background jobs, retries, dead letters).
 */
import type { Database } from 'better-sqlite3';

/** What this migration changes. */
export const description = 'jobs table for the embedded durable queue';

/** Creates the jobs table. Times are epoch milliseconds. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      payload TEXT NOT NULL,
      -- waiting: due at run_at; active: claimed by a worker; dead: failed its last attempt.
      state TEXT NOT NULL CHECK (state IN ('waiting', 'active', 'dead')),
      attempts_made INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER NOT NULL,
      backoff_ms INTEGER NOT NULL,
      run_at INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      last_error TEXT
    ) STRICT;
    CREATE INDEX jobs_due ON jobs (name, state, run_at);
  `);
}

/** Drops the jobs table (and every job in it). */
export function down(db: Database): void {
  db.exec('DROP TABLE jobs;');
}
