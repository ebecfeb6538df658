/**
 * SQLite 202611281830-written-columns: the indexed columns of profiles (created_at, updated_at) and sessions
 * (profile_id, updated_at) become ordinary columns that the store writes with each document, instead of STORED
 * generated columns. A generated column depends on `doc`, so every update of a document (each request of a returning
 * visitor updates its profile and session) rewrote every index on those columns, even entries whose key did not
 * change: a profile's creation time and a session's profile almost never change, yet their index pages were dirtied,
 * logged to the WAL and checkpointed on every update. The store's update now assigns only what changes (see
 * `host/src/storage/sqlite/internal/write-ops.ts`); the values are still computed by `json_extract` from the document
 * in the same statement, so they are exactly what the generated columns held. Events are only ever inserted and keep
 * their generated columns.
 *
 * The two tables are rebuilt (SQLite cannot turn a generated column into an ordinary one), copying the values.
 */
import type { Database } from 'better-sqlite3';
import type { StepProgress } from '../types.ts';
import { rebuildTables, type TableRebuild } from './internal/rebuild.ts';

/** What this migration changes. */
export const description = 'profiles, sessions: indexed fields as columns written with the document, so unchanged index entries are not rewritten';

const base = 'id TEXT PRIMARY KEY, doc TEXT NOT NULL';
// ANY, as before: the value is whatever json_extract yields for the field.
const stored = (column: string, field: string): string => `${column} ANY GENERATED ALWAYS AS (json_extract(doc, '$.${field}')) STORED`;

const INDEXES = {
  profiles: ['CREATE INDEX profiles_updated_at ON profiles (updated_at, id)', 'CREATE INDEX profiles_created_at ON profiles (created_at, id)'],
  sessions: ['CREATE INDEX sessions_profile ON sessions (profile_id, id)', 'CREATE INDEX sessions_updated_at ON sessions (updated_at, id)'],
};

const AFTER: readonly TableRebuild[] = [
  { table: 'profiles', copy: ['id', 'doc', 'created_at', 'updated_at'], columns: `${base}, created_at ANY, updated_at ANY`, indexes: INDEXES.profiles },
  { table: 'sessions', copy: ['id', 'doc', 'profile_id', 'updated_at'], columns: `${base}, profile_id ANY, updated_at ANY`, indexes: INDEXES.sessions },
];

const BEFORE: readonly TableRebuild[] = [
  { table: 'profiles', copy: ['id', 'doc'], columns: `${base}, ${stored('created_at', 'createdAt')}, ${stored('updated_at', 'updatedAt')}`, indexes: INDEXES.profiles },
  { table: 'sessions', copy: ['id', 'doc'], columns: `${base}, ${stored('profile_id', 'profileId')}, ${stored('updated_at', 'updatedAt')}`, indexes: INDEXES.sessions },
];

/** Rebuilds profiles and sessions with written columns, copying their current values. */
export function up(db: Database, progress: StepProgress): void {
  rebuildTables(db, AFTER, progress);
}

/** Rebuilds them back to stored generated columns. */
export function down(db: Database, progress: StepProgress): void {
  rebuildTables(db, BEFORE, progress);
}
