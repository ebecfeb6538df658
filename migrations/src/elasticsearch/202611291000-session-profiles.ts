/**
 * Elasticsearch 202611291000-session-profiles: nothing to do. The SQLite migration of this id replaces that engine's
 * index on events' session ids by a session → profile table; Elasticsearch finds a session's events through its own
 * inverted index of the mapped `sessionId` field, so no index definition changes.
 */
import type { EsMigrationModule } from './schema.ts';

/** What this migration changes. */
export const description = 'no change (SQLite-only: session listings through a session → profile table)';

/** No index definition changes. */
export const indices: EsMigrationModule['indices'] = {};
