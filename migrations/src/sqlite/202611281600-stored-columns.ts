/**
 * SQLite 202611281600-stored-columns: the frequently queried fields of profiles, sessions and events become STORED
 * generated columns, indexed as plain columns. The expression indexes of the initial migration evaluated
 * `json_extract` once per index on every insert; a stored column extracts each field once, and the schema now
 * shows which fields are indexed. The query builder filters and sorts on these columns by name.
 * (`host/src/storage/sqlite/bench/index-layout.bench.ts` compares both layouts' insert rates.)
 *
 * The tables are rebuilt (SQLite cannot add stored columns in place), with progress reported per row copied.
 */
import type { Database } from 'better-sqlite3';
import type { StepProgress } from '../types.ts';
import { rebuildTables, type TableRebuild } from './internal/rebuild.ts';

/** What this migration changes. */
export const description = 'profiles, sessions, events: indexed fields as stored generated columns instead of expression indexes';

// ANY, not TEXT: a STRICT table would refuse a row whose field has an unexpected JSON type; the store validates
// documents, so this only matters for rows written before validation existed.
const stored = (column: string, field: string): string => `${column} ANY GENERATED ALWAYS AS (json_extract(doc, '$.${field}')) STORED`;
const base = 'id TEXT PRIMARY KEY, doc TEXT NOT NULL';

const AFTER: readonly TableRebuild[] = [
  {
    table: 'profiles', copy: ['id', 'doc'],
    columns: `${base}, ${stored('created_at', 'createdAt')}, ${stored('updated_at', 'updatedAt')}`,
    indexes: [
      'CREATE INDEX profiles_updated_at ON profiles (updated_at, id)',
      'CREATE INDEX profiles_created_at ON profiles (created_at, id)',
    ],
  },
  {
    table: 'sessions', copy: ['id', 'doc'],
    columns: `${base}, ${stored('profile_id', 'profileId')}, ${stored('updated_at', 'updatedAt')}`,
    indexes: [
      'CREATE INDEX sessions_profile ON sessions (profile_id, id)',
      'CREATE INDEX sessions_updated_at ON sessions (updated_at, id)',
    ],
  },
  {
    table: 'events', copy: ['id', 'doc'],
    columns: `${base}, ${stored('time', 'time')}, ${stored('type', 'type')}, ${stored('source_id', 'sourceId')}, `
      + `${stored('profile_id', 'profileId')}, ${stored('session_id', 'sessionId')}`,
    indexes: [
      'CREATE INDEX events_time ON events (time, id)',
      'CREATE INDEX events_type_time ON events (type, time, id)',
      'CREATE INDEX events_source_time ON events (source_id, time, id)',
      'CREATE INDEX events_profile_time ON events (profile_id, time, id)',
      'CREATE INDEX events_session_time ON events (session_id, time, id)',
    ],
  },
];

const x = (field: string): string => `json_extract(doc, '$.${field}')`;
const BEFORE: readonly TableRebuild[] = [
  {
    table: 'profiles', copy: ['id', 'doc'], columns: base,
    indexes: [
      `CREATE INDEX profiles_updated_at ON profiles (${x('updatedAt')}, id)`,
      `CREATE INDEX profiles_created_at ON profiles (${x('createdAt')}, id)`,
    ],
  },
  {
    table: 'sessions', copy: ['id', 'doc'], columns: base,
    indexes: [
      `CREATE INDEX sessions_profile ON sessions (${x('profileId')}, id)`,
      `CREATE INDEX sessions_updated_at ON sessions (${x('updatedAt')}, id)`,
    ],
  },
  {
    table: 'events', copy: ['id', 'doc'], columns: base,
    indexes: [
      `CREATE INDEX events_time ON events (${x('time')}, id)`,
      `CREATE INDEX events_type_time ON events (${x('type')}, ${x('time')}, id)`,
      `CREATE INDEX events_source_time ON events (${x('sourceId')}, ${x('time')}, id)`,
      `CREATE INDEX events_profile_time ON events (${x('profileId')}, ${x('time')}, id)`,
      `CREATE INDEX events_session_time ON events (${x('sessionId')}, ${x('time')}, id)`,
    ],
  },
];

/** Rebuilds the three tables with stored columns. */
export function up(db: Database, progress: StepProgress): void {
  rebuildTables(db, AFTER, progress);
}

/** Rebuilds them back to documents with expression indexes. */
export function down(db: Database, progress: StepProgress): void {
  rebuildTables(db, BEFORE, progress);
}
