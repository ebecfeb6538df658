/**
 * SQLite 202611281700-outbox: the transactional outbox. Background jobs a write batch produces are stored here in
 * the same transaction as the batch's documents; a relay moves them to the queue afterwards (host/src/queue/outbox.ts).
 */
import type { Database } from 'better-sqlite3';

/** What this migration changes. */
export const description = 'outbox table: jobs committed with a write batch, waiting to be moved to the queue';

/** Creates the outbox table. `doc` is the whole job as JSON; `created_at` (epoch ms) orders the relay. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE outbox (
      id TEXT PRIMARY KEY,
      doc TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX outbox_order ON outbox (created_at, id);
  `);
}

/** Drops the outbox (jobs not yet relayed are lost, as they would be without it). */
export function down(db: Database): void {
  db.exec('DROP TABLE outbox;');
}
