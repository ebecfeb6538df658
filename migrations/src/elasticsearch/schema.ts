/**
 * Elasticsearch index definitions: the collections, their mappings, and the types migrations use to change them.
 * Mappings are `dynamic: false`: only the fields listed here are indexed natively (for sorting); everything else is
 * kept in `_source` and made filterable through the derived keyword fields of `document.ts`, so no document can
 * add fields to a mapping.
 */
import { KIND_FIELD, KV_FIELD, KV_LOWER_FIELD, KV_MAX_CHARS, PATHS_FIELD, TEXT_FIELD } from './document.ts';

/** The collections the Elasticsearch adapter stores, one alias (and one physical index or monthly series) each. */
export const ES_COLLECTIONS = ['profiles', 'sessions', 'events', 'config', 'kv', 'outbox'] as const;
/** One Elasticsearch collection. */
export type EsCollection = (typeof ES_COLLECTIONS)[number];

/** A mapping property (the subset of Elasticsearch's mapping language Tessera uses). */
export type EsProperty =
  | { type: 'keyword'; ignore_above?: number; index?: boolean; doc_values?: boolean }
  | { type: 'long' | 'boolean' | 'text' }
  | { properties: Record<string, EsProperty> };

/** The definition of a collection's index at one schema version. */
export interface EsIndexDefinition {
  /** Natively indexed fields (sortable); everything else is filterable through the derived fields only. */
  properties: Record<string, EsProperty>;
  /** `month`: one physical index per calendar month of `insertedAt`, behind one alias (events). */
  partition?: 'month';
  /** Top-level parts of a document whose strings feed free-text search. */
  textPaths?: readonly string[];
  /**
   * Rewrites one stored document (the entity, without derived fields) while reindexing from the previous version.
   * Return null to drop the document. Absent: documents are copied as they are.
   */
  transform?: (doc: Record<string, unknown>) => Record<string, unknown> | null;
}

/** One Elasticsearch migration file: the collections whose index definition it changes. */
export interface EsMigrationModule {
  description: string;
  indices: Partial<Record<EsCollection, EsIndexDefinition>>;
}

const keyword = { type: 'keyword', ignore_above: 1024 } as const;
const long = { type: 'long' } as const;

/** The mapping body of a definition: its own fields plus the derived search fields every collection has. */
export function mappingOf(def: EsIndexDefinition, meta: Record<string, unknown>): Record<string, unknown> {
  return {
    dynamic: false,
    _meta: { tessera: meta },
    properties: {
      ...def.properties,
      [KV_FIELD]: { type: 'keyword', ignore_above: KV_MAX_CHARS + 1024 },
      [KV_LOWER_FIELD]: { type: 'keyword', ignore_above: KV_MAX_CHARS + 1024 },
      [PATHS_FIELD]: { type: 'keyword', ignore_above: 1024 },
      [TEXT_FIELD]: { type: 'keyword', ignore_above: KV_MAX_CHARS + 1024 },
    },
  };
}

/** Shard and replica counts of new indices (from the environment of whoever runs the migration). */
export interface EsIndexSettings {
  shards: number;
  replicas: number;
}

/** The `settings` body of a new index. */
export function settingsOf(s: EsIndexSettings): Record<string, unknown> {
  return { number_of_shards: s.shards, number_of_replicas: s.replicas };
}

/** Field sets shared by the first schema version; later migrations copy and change them. */
export const V1 = {
  profiles: {
    properties: {
      id: keyword, ids: keyword, createdAt: keyword, updatedAt: keyword, lastVisitAt: keyword, lastSessionId: keyword,
      mergedInto: keyword, segments: keyword, version: long, stats: { properties: { visits: long, events: long } },
    },
    textPaths: ['id', 'ids', 'traits', 'pii'],
  },
  sessions: {
    properties: {
      id: keyword, profileId: keyword, sourceId: keyword, createdAt: keyword, updatedAt: keyword, status: keyword, version: long,
    },
    textPaths: ['id', 'context', 'properties'],
  },
  events: {
    partition: 'month',
    properties: {
      id: keyword, type: keyword, sourceId: keyword, profileId: keyword, sessionId: keyword, time: keyword,
      insertedAt: keyword, status: keyword, tags: keyword, system: { type: 'boolean' },
    },
    textPaths: ['id', 'type', 'properties', 'tags'],
  },
  config: {
    // One index for every configuration kind, told apart by KIND_FIELD. Common sort keys are mapped as keywords
    // (a keyword accepts any scalar, so a kind that stores a number there still indexes).
    properties: {
      [KIND_FIELD]: keyword, id: keyword, name: keyword, type: keyword, email: keyword, createdAt: keyword, updatedAt: keyword,
    },
    textPaths: ['*'],
  },
  kv: {
    properties: {
      namespace: keyword, key: keyword, expiresAt: long,
      json: { type: 'keyword', index: false, doc_values: false },
    },
  },
} satisfies Record<Exclude<EsCollection, 'outbox'>, EsIndexDefinition>;

/** The first definition of the outbox (migration 202611281700-outbox): jobs waiting for the relay, oldest first. */
export const OUTBOX_V1: EsIndexDefinition = {
  properties: {
    id: keyword, createdAt: keyword,
    json: { type: 'keyword', index: false, doc_values: false },
  },
};
