/**
 * The ordered registry of Elasticsearch migration files (`src/elasticsearch/<id>.ts`), and the schema version each
 * collection has after every migration. A test checks that every file here is registered under its own name.
 */
import { ES_COLLECTIONS, type EsCollection, type EsIndexDefinition, type EsMigrationModule } from './schema.ts';
import * as initial from './202611281500-initial.ts';
import * as jobs from './202611281510-jobs.ts';
import * as storedColumns from './202611281600-stored-columns.ts';
import * as outbox from './202611281700-outbox.ts';
import * as writtenColumns from './202611281830-written-columns.ts';
import * as sessionProfiles from './202611291000-session-profiles.ts';

/** One registered Elasticsearch migration. */
export interface EsMigration extends EsMigrationModule {
  id: string;
}

/** Every Elasticsearch migration in id order. Add new ones at the end. */
export const ES_MIGRATIONS: readonly EsMigration[] = [
  { id: '202611281500-initial', ...initial },
  { id: '202611281510-jobs', ...jobs },
  { id: '202611281600-stored-columns', ...storedColumns },
  { id: '202611281700-outbox', ...outbox },
  { id: '202611281830-written-columns', ...writtenColumns },
  { id: '202611291000-session-profiles', ...sessionProfiles },
];

/** A collection's definition at one schema version. */
export interface EsVersion {
  collection: EsCollection;
  /** 1 for the first definition, +1 for every migration that changes it. */
  version: number;
  definition: EsIndexDefinition;
  /** The migration that introduced this version. */
  migrationId: string;
}

/** The version history of every collection: `history.get(c)[i]` is version i+1. */
export function versionHistory(migrations: readonly EsMigration[] = ES_MIGRATIONS): Map<EsCollection, EsVersion[]> {
  const history = new Map<EsCollection, EsVersion[]>(ES_COLLECTIONS.map((c) => [c, []]));
  for (const m of migrations) {
    for (const c of ES_COLLECTIONS) {
      const definition = m.indices[c];
      if (!definition) continue;
      const list = history.get(c)!;
      list.push({ collection: c, version: list.length + 1, definition, migrationId: m.id });
    }
  }
  return history;
}

/** The current (latest) version of every collection; the adapter reads and writes these. */
export function currentVersions(migrations: readonly EsMigration[] = ES_MIGRATIONS): Map<EsCollection, EsVersion> {
  const current = new Map<EsCollection, EsVersion>();
  for (const [c, list] of versionHistory(migrations)) {
    const last = list.at(-1);
    if (last) current.set(c, last);
  }
  return current;
}
