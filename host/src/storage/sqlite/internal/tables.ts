/**
 * How the entity collections map onto the SQLite tables of the migrations: which fields have their own indexed
 * column (see migration 202611281600-stored-columns), which are scalars, which are always present, and what
 * free text searches.
 */
import type { SqliteCollectionSpec } from '../collection.ts';

/** The profiles table. */
export const PROFILES_TABLE: SqliteCollectionSpec = {
  table: 'profiles', entity: 'profiles', label: 'profiles',
  columns: { createdAt: 'created_at', updatedAt: 'updated_at' },
  scalarFields: new Set(['createdAt', 'updatedAt', 'mergedInto', 'lastSessionId', 'lastVisitAt', 'version']),
  requiredFields: new Set(['createdAt', 'updatedAt', 'version']),
  textFields: ['ids', 'traits', 'pii'],
  // Every id of a profile is also a row of profile_ids (maintained by the profile writes), so `ids` lookups
  // (identification ids, merged ids) are index lookups.
  elementIndex: { field: 'ids', table: 'profile_ids', valueColumn: 'id', docColumn: 'profile_id' },
};

/** The sessions table. */
export const SESSIONS_TABLE: SqliteCollectionSpec = {
  table: 'sessions', entity: 'sessions', label: 'sessions',
  columns: { profileId: 'profile_id', updatedAt: 'updated_at' },
  scalarFields: new Set(['profileId', 'sourceId', 'createdAt', 'updatedAt', 'status', 'version']),
  requiredFields: new Set(['sourceId', 'createdAt', 'updatedAt', 'status', 'version']),
  textFields: ['context', 'properties'],
};

/** The events table. */
export const EVENTS_TABLE: SqliteCollectionSpec = {
  table: 'events', entity: 'events', label: 'events',
  columns: { time: 'time', type: 'type', sourceId: 'source_id', profileId: 'profile_id', sessionId: 'session_id' },
  scalarFields: new Set(['type', 'sourceId', 'profileId', 'sessionId', 'time', 'insertedAt', 'status']),
  requiredFields: new Set(['type', 'sourceId', 'time', 'insertedAt', 'status']),
  textFields: ['type', 'properties', 'tags'],
  // A session's events are found through the profiles that own them (migration 202611291000-session-profiles):
  // `session_profiles` lists each (session, profile) pair events carry (written with each event), and
  // `events_profile_time` ends in session_id.
  keyedBy: { field: 'sessionId', valueField: 'profileId', table: 'session_profiles', keyColumn: 'session_id', valueColumn: 'profile_id', nullAs: '' },
};
