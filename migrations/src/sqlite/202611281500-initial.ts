/**
 * SQLite 202611281500-initial: the document tables of the storage port.
 *
 * Every entity is a JSON document in a `doc` column. Fields queried often are indexed with expression indexes on
 * `json_extract(doc, '$.field')`; the adapter's query builder emits exactly these expressions, so SQLite uses them.
 * Each index ends with `id`, the paging tie-breaker (which follows the direction of the last sort key), so a
 * listing like newest-first events of a profile is read straight from one index, forwards or backwards: filter,
 * order, cursor seek and LIMIT in one pass.
 */
import type { Database } from 'better-sqlite3';

/** What this migration changes. */
export const description = 'profiles, profile_ids, sessions, events, config, kv tables and their indexes';

/** Creates the tables and indexes. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE profiles (id TEXT PRIMARY KEY, doc TEXT NOT NULL) STRICT;
    CREATE INDEX profiles_updated_at ON profiles (json_extract(doc, '$.updatedAt'), id);
    CREATE INDEX profiles_created_at ON profiles (json_extract(doc, '$.createdAt'), id);

    -- Every id that resolves to a profile (its own id and its ids), for findByAnyId.
    CREATE TABLE profile_ids (id TEXT NOT NULL, profile_id TEXT NOT NULL, PRIMARY KEY (id, profile_id)) STRICT, WITHOUT ROWID;
    CREATE INDEX profile_ids_profile ON profile_ids (profile_id);

    CREATE TABLE sessions (id TEXT PRIMARY KEY, doc TEXT NOT NULL) STRICT;
    CREATE INDEX sessions_profile ON sessions (json_extract(doc, '$.profileId'), id);
    CREATE INDEX sessions_updated_at ON sessions (json_extract(doc, '$.updatedAt'), id);

    CREATE TABLE events (id TEXT PRIMARY KEY, doc TEXT NOT NULL) STRICT;
    CREATE INDEX events_time ON events (json_extract(doc, '$.time'), id);
    CREATE INDEX events_type_time ON events (json_extract(doc, '$.type'), json_extract(doc, '$.time'), id);
    CREATE INDEX events_source_time ON events (json_extract(doc, '$.sourceId'), json_extract(doc, '$.time'), id);
    CREATE INDEX events_profile_time ON events (json_extract(doc, '$.profileId'), json_extract(doc, '$.time'), id);
    CREATE INDEX events_session_time ON events (json_extract(doc, '$.sessionId'), json_extract(doc, '$.time'), id);

    -- Configuration entities of every kind (sources, users, flows, ...), isolated by kind.
    CREATE TABLE config (kind TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (kind, id)) STRICT;

    -- Plugin key-value state; expires_at is epoch milliseconds or NULL for no expiry.
    CREATE TABLE kv (namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expires_at INTEGER,
      PRIMARY KEY (namespace, key)) STRICT;
    CREATE INDEX kv_expires_at ON kv (expires_at) WHERE expires_at IS NOT NULL;
  `);
}

/** Drops everything `up` created. */
export function down(db: Database): void {
  db.exec(`
    DROP TABLE kv;
    DROP TABLE config;
    DROP TABLE events;
    DROP TABLE sessions;
    DROP TABLE profile_ids;
    DROP TABLE profiles;
  `);
}
