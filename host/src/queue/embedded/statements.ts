/** The SQL of the embedded queue over the `jobs` table (see migration 202611281510-jobs). Times are epoch ms. */
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../../storage/sqlite/index.ts';

/** A row of the jobs table. */
export interface JobRow {
  id: string;
  name: string;
  payload: string;
  state: 'waiting' | 'active' | 'dead';
  attempts_made: number;
  max_attempts: number;
  backoff_ms: number;
  run_at: number;
  created_at: number;
  updated_at: number;
  last_error: string | null;
}

/** Prepared statements of the queue, on its own connection. */
export interface QueueStatements {
  insert: Statement;
  claim: Statement;
  complete: Statement;
  retry: Statement;
  bury: Statement;
  revive: Statement;
  recover: Statement;
  nextDue: Statement;
  dead: Statement;
  deadOf: Statement;
  counts: Statement;
}

/** Prepares the queue's statements. */
export function prepareQueueStatements(db: SqliteDatabase): QueueStatements {
  return {
    // An existing id (waiting, running or dead) wins: jobId is an idempotency key.
    insert: db.prepare(`INSERT INTO jobs (id, name, payload, state, attempts_made, max_attempts, backoff_ms, run_at, created_at, updated_at)
      VALUES (?, ?, ?, 'waiting', 0, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
    // Claiming counts as an attempt, so a job that crashes the process cannot loop forever across restarts.
    claim: db.prepare(`UPDATE jobs SET state = 'active', attempts_made = attempts_made + 1, updated_at = ?
      WHERE id IN (SELECT id FROM jobs WHERE name = ? AND state = 'waiting' AND run_at <= ? ORDER BY run_at, created_at LIMIT ?)
      RETURNING *`),
    complete: db.prepare(`DELETE FROM jobs WHERE id = ? AND state = 'active'`),
    retry: db.prepare(`UPDATE jobs SET state = 'waiting', run_at = ?, updated_at = ?, last_error = ? WHERE id = ? AND state = 'active'`),
    bury: db.prepare(`UPDATE jobs SET state = 'dead', updated_at = ?, last_error = ? WHERE id = ? AND state = 'active'`),
    revive: db.prepare(`UPDATE jobs SET state = 'waiting', attempts_made = 0, run_at = ?, updated_at = ?, last_error = NULL WHERE id = ? AND state = 'dead'`),
    // Run when the one processing instance starts: what is still active was cut off by a crash or a kill.
    recover: db.prepare(`UPDATE jobs SET state = 'waiting', updated_at = ? WHERE state = 'active'`),
    nextDue: db.prepare(`SELECT min(run_at) FROM jobs WHERE state = 'waiting' AND name IN (SELECT value FROM json_each(?))`).pluck(),
    dead: db.prepare(`SELECT * FROM jobs WHERE state = 'dead' ORDER BY updated_at DESC, id LIMIT 1000`),
    deadOf: db.prepare(`SELECT * FROM jobs WHERE state = 'dead' AND name = ? ORDER BY updated_at DESC, id LIMIT 1000`),
    counts: db.prepare(`SELECT name, state, run_at > ? AS delayed, count(*) AS n FROM jobs GROUP BY 1, 2, 3`),
  };
}
