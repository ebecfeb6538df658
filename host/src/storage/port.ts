/**
 * The storage port: what the host needs from any storage engine. The SQLite adapter (embedded default) and the
 * Elasticsearch adapter (scale mode) both implement it and both pass `contract.ts`.
 *
 * Shapes are chosen so that a document store can implement them directly: every entity is a JSON document with a
 * string `id`; queries are a small closed filter language; paging is by opaque cursor.
 */
import type { Profile, Session, TrackedEvent } from './entities.ts';
import type { JobName } from '../queue/port.ts';

/** One page of results; `next` is the cursor of the following page, or null at the end. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** Closed list of filter operators every adapter supports. */
export const FILTER_OPS = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'exists', 'contains', 'prefix'] as const;
/** A filter operator. */
export type FilterOp = (typeof FILTER_OPS)[number];

/**
 * A condition on a field. `field` is a dot path into the document (`type`, `traits.plan`, `ids`).
 * On array fields `eq`/`in` match when any element matches. `contains` is a case-insensitive substring match on
 * strings; `prefix` a case-sensitive prefix match.
 */
export interface Filter {
  field: string;
  op: FilterOp;
  value?: unknown;
}

/**
 * Sort order on one field. Ties are always broken by `id` so paging is stable: in the direction of the last sort
 * key, unless the sort names `id` itself (then in that direction). With no sort: `id` ascending.
 */
export interface Sort {
  field: string;
  order: 'asc' | 'desc';
}

/** A search over one collection. All filters must hold (AND). */
export interface Query {
  filters?: Filter[];
  /** Free-text search over the collection's text fields (adapter-defined, e.g. profile ids, traits, pii). */
  text?: string;
  sort?: Sort[];
  /** Page size; adapters cap it at 1000. Default 50. */
  limit?: number;
  cursor?: string | null;
}

/** Any stored document. */
export interface Doc {
  id: string;
}

/** A collection of JSON documents keyed by `id`. */
export interface Collection<T extends Doc> {
  /** One document, or null. */
  get(id: string): Promise<T | null>;
  /** The documents that exist among `ids`, in the order of `ids`. */
  getMany(ids: readonly string[]): Promise<T[]>;
  /** A page of documents matching the query. */
  search(query?: Query): Promise<Page<T>>;
  /** How many documents match the filters. */
  count(filters?: Filter[]): Promise<number>;
  /** Inserts or replaces one document. */
  put(doc: T): Promise<void>;
  /** Inserts or replaces many documents atomically. */
  putMany(docs: readonly T[]): Promise<void>;
  /** Deletes one document; false when it did not exist. */
  delete(id: string): Promise<boolean>;
}

/** Profiles can be found by any of their ids (merged ids resolve to the survivor). */
export interface ProfileCollection extends Collection<Profile> {
  /** The live profile whose `id` or `ids` contains `id`, or null. Merged-away profiles are never returned. */
  findByAnyId(id: string): Promise<Profile | null>;
}

/** Closed list of configuration entity kinds. Adding a kind is a code change, never a runtime string. */
export const CONFIG_KINDS = [
  'sources', 'users', 'tokens', 'flows', 'flow-versions', 'rules', 'plugins', 'trust-keys', 'resources',
  'segments', 'settings', 'registry-users', 'audit', 'marketplace', 'identification-points', 'destinations', 'scheduled-events',
] as const;
/** A configuration entity kind. */
export type ConfigKind = (typeof CONFIG_KINDS)[number];

/**
 * A set of writes committed atomically: after `commit` resolves, all of them are durable, or none is.
 * This is the unit the ingestion pipeline acknowledges.
 */
export interface WriteBatch {
  profiles?: Profile[];
  sessions?: Session[];
  events?: TrackedEvent[];
  /** Ids of profiles to delete in the same transaction (e.g. after a merge). */
  deleteProfiles?: string[];
  /**
   * Ids of profiles and sessions of this batch that the caller has just created (a new visitor's): a hint that lets
   * an adapter insert them without first looking for a stored one. A wrong hint costs time, never correctness.
   */
  created?: string[];
  /**
   * Background jobs the batch produces, stored in the outbox in the same commit (all or nothing with the documents);
   * the outbox relay moves them to the queue with `jobId = id`, so committing one id twice makes one job.
   */
  jobs?: OutboxJob[];
}

/** Queue options an outbox job keeps until it is enqueued (see the queue port's `EnqueueOptions`). */
export interface OutboxJobOptions {
  delayMs?: number;
  attempts?: number;
  backoffMs?: number;
}

/** A background job committed with a write batch; `id` becomes the queue's `jobId` (idempotency key). */
export interface OutboxJob {
  id: string;
  name: JobName;
  payload: unknown;
  options?: OutboxJobOptions;
}

/** The jobs committed with batches and not yet moved to the queue. */
export interface Outbox {
  /** Names this outbox's data set (database file, index prefix): hosts relaying the same outbox share this name. */
  readonly scope: string;
  /** Up to `limit` waiting jobs, oldest commit first. */
  pending(limit: number): Promise<OutboxJob[]>;
  /** Removes relayed jobs; returns how many existed. */
  remove(ids: readonly string[]): Promise<number>;
}

/** Per-plugin key-value state (namespace = plugin name, optionally + profile id). Values are JSON. */
export interface KvStore {
  get(namespace: string, key: string): Promise<unknown>;
  set(namespace: string, key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  delete(namespace: string, key: string): Promise<boolean>;
}

/** The storage port. One instance is created at start-up and injected (STYLE.md §8). */
export interface Store {
  /** Adapter name, e.g. `sqlite` or `elasticsearch`. */
  readonly kind: string;
  readonly profiles: ProfileCollection;
  readonly sessions: Collection<Session>;
  readonly events: Collection<TrackedEvent>;
  readonly kv: KvStore;
  /** Jobs committed with batches (`WriteBatch.jobs`), waiting for the relay. */
  readonly outbox: Outbox;
  /** A configuration collection (sources, users, flows, ...). */
  config<T extends Doc>(kind: ConfigKind): Collection<T>;
  /**
   * Commits a batch atomically and durably. Concurrent callers may be group-committed together; each promise
   * resolves only once its writes are durable.
   */
  commit(batch: WriteBatch): Promise<void>;
  /** True when the engine answers (used by `/ready`). */
  ready(): Promise<boolean>;
  /** Flushes pending writes and releases the engine. Safe to call twice. */
  close(): Promise<void>;
}
