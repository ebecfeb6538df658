/**
 * The Elasticsearch store (scale mode). Indices, aliases and templates come from `@tessera/migrations`
 * (elasticsearch); this module reads and writes through the aliases and writes events into the monthly index of
 * their arrival.
 *
 * Durability: a write resolves when Elasticsearch acknowledged it, i.e. when it is in the fsynced translog
 * (`index.translog.durability: request`, the default). Visibility: reads by id are real-time; searches of this
 * process see its own acknowledged writes (refresh-before-search), other processes within `refresh_interval`.
 * Atomicity: a batch is validated as a whole before anything is sent, so an invalid document writes nothing; an
 * engine failure in the middle of a bulk request can leave part of a batch written (Elasticsearch has no
 * transactions), and the caller gets an error and retries idempotently (every write is keyed by id).
 */
import { Client } from '@elastic/elasticsearch';
import {
  KIND_FIELD, currentVersions, esNames, mappingOf, monthOf, settingsOf,
  type EsCollection as EsCollectionName, type EsIndexDefinition, type EsMigration, type EsNames, type EsProperty, type EsVersion,
} from '@tessera/migrations';
import { operationalError, userError } from '../../errors/index.ts';
import type { Profile, Session, TrackedEvent } from '../entities.ts';
import { CONFIG_KINDS, type Collection, type ConfigKind, type Doc, type Store, type WriteBatch } from '../port.ts';
import { validateBatch } from '../validate.ts';
import { EsCollection, type EsContext } from './collection.ts';
import { BulkWriter, type BulkOp } from './internal/bulk.ts';
import { esErrorType, toStorageError } from './internal/errors.ts';
import { RefreshTracker } from './internal/refresh.ts';
import { EsKvStore } from './kv.ts';
import { EsProfileCollection } from './profiles.ts';
import { EsOutbox, type OutboxDoc } from './outbox.ts';

/** Options of {@link openElasticsearchStore}. */
export interface EsStoreOptions {
  /** An existing client (tests, custom transport); otherwise one is created for `node`. */
  client?: Client;
  /** `ELASTIC_HOST`, e.g. `http://127.0.0.1:9200`. */
  node?: string;
  /** `PRODUCTION=yes`: the `prod-` data set. */
  production?: boolean;
  /** Index base name (`ELASTIC_INDEX_PREFIX`), default `tessera`. */
  base?: string;
  /** Shards and replicas of indices this process creates (new event months); defaults 1 and 1. */
  shards?: number;
  replicas?: number;
  /** The migration list defining the schema (default: every Elasticsearch migration of this version). */
  migrations?: readonly EsMigration[];
}

function sortableFields(properties: Record<string, EsProperty>, prefix = ''): string[] {
  return Object.entries(properties).flatMap(([name, p]) => {
    const path = prefix + name;
    if ('properties' in p) return sortableFields(p.properties, `${path}.`);
    if ('index' in p && p.index === false) return [];
    return name === KIND_FIELD || p.type === 'text' ? [] : [path];
  });
}

/** The Elasticsearch implementation of the storage port. */
export class ElasticsearchStore implements Store {
  readonly kind = 'elasticsearch';
  readonly profiles: EsProfileCollection;
  readonly sessions: EsCollection<Session>;
  readonly events: EsCollection<TrackedEvent>;
  readonly kv: EsKvStore;
  readonly outbox: EsOutbox;
  readonly names: EsNames;
  readonly #ctx: EsContext;
  readonly #configs = new Map<ConfigKind, EsCollection<Doc>>();
  readonly #versions: Map<EsCollectionName, EsVersion>;
  readonly #ownsClient: boolean;
  readonly #settings: Record<string, unknown>;
  readonly #months = new Map<string, Promise<void>>();
  #closed: Promise<void> | null = null;

  constructor(options: EsStoreOptions) {
    const client = options.client ?? new Client({ node: options.node ?? 'http://127.0.0.1:9200', maxRetries: 3, requestTimeout: 30_000 });
    this.#ownsClient = !options.client;
    this.names = esNames({ production: options.production, base: options.base });
    this.#versions = currentVersions(options.migrations);
    this.#settings = settingsOf({ shards: options.shards ?? 1, replicas: options.replicas ?? 1 });
    const refresh = new RefreshTracker(client);
    this.#ctx = { client, refresh, writer: new BulkWriter(client, (dirty) => refresh.wrote(dirty)) };
    const def = (c: EsCollectionName): EsIndexDefinition => this.#versions.get(c)!.definition;
    const single = (c: EsCollectionName) => ({
      alias: this.names.alias(c), partitioned: false, writeIndex: async () => this.names.alias(c),
      sortable: new Set(sortableFields(def(c).properties)), textPaths: def(c).textPaths ?? [],
    });
    this.profiles = new EsProfileCollection(this.#ctx, { name: 'profiles', entity: 'profiles', ...single('profiles') });
    this.sessions = new EsCollection<Session>(this.#ctx, { name: 'sessions', entity: 'sessions', ...single('sessions') });
    this.events = new EsCollection<TrackedEvent>(this.#ctx, {
      ...single('events'), name: 'events', entity: 'events', partitioned: true,
      writeIndex: (doc) => this.#monthIndex(String(doc.insertedAt ?? doc.time ?? '')),
      recentIndices: () => {
        const version = this.#versions.get('events')!.version;
        const now = new Date();
        const previous = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
        return [monthOf(now.toISOString()), monthOf(previous.toISOString())].map((m) => this.names.monthly(version, m));
      },
    });
    this.kv = new EsKvStore(this.#ctx, this.names.alias('kv'));
    // Searchable once written (refreshOnWrite): the relay of any host finds a job right after its batch committed.
    this.outbox = new EsOutbox(new EsCollection<OutboxDoc>(this.#ctx, { name: 'outbox', entity: null, ...single('outbox'), refreshOnWrite: true }), this.names.alias('outbox'));
  }

  /** The Elasticsearch client (shared with migrations and admin commands). */
  get client(): Client {
    return this.#ctx.client;
  }

  /** Bulk requests sent and operations in them. */
  get writeStats(): { requests: number; ops: number } {
    return this.#ctx.writer.stats;
  }

  config<T extends Doc>(kind: ConfigKind): Collection<T> {
    if (!(CONFIG_KINDS as readonly string[]).includes(kind)) {
      throw userError('invalid_config_kind', `"${String(kind)}" is not a configuration kind (${CONFIG_KINDS.join(', ')})`, 400, { field: 'kind' });
    }
    let collection = this.#configs.get(kind);
    if (!collection) {
      const def = this.#versions.get('config')!.definition;
      collection = new EsCollection<Doc>(this.#ctx, {
        name: `config:${kind}`, entity: null, alias: this.names.alias('config'), partitioned: false,
        writeIndex: async () => this.names.alias('config'), sortable: new Set(sortableFields(def.properties)),
        textPaths: def.textPaths ?? [], scope: { term: { [KIND_FIELD]: kind } }, extra: { [KIND_FIELD]: kind },
        esId: (id) => `${kind}:${id}`, refreshOnWrite: true,
      });
      this.#configs.set(kind, collection);
    }
    return collection as unknown as Collection<T>;
  }

  async commit(batch: WriteBatch): Promise<void> {
    validateBatch(batch);
    if (this.#closed) throw operationalError('store_closed', 'the store is closed');
    await this.#ctx.writer.hold(async () => {
      const ops: BulkOp[] = [
        ...(await this.profiles.indexOps(batch.profiles ?? [])),
        ...(await this.sessions.indexOps(batch.sessions ?? [])),
        ...(await this.events.indexOps(batch.events ?? [])),
      ];
      for (const id of batch.deleteProfiles ?? []) ops.push((await this.profiles.deleteOp(id))!);
      // In the same bulk request, last: a job is written only with (after) the documents it is about.
      ops.push(...(await this.outbox.indexOps(batch.jobs ?? [], new Date().toISOString())));
      await this.#ctx.writer.submit(ops);
    });
  }

  async ready(): Promise<boolean> {
    if (this.#closed) return false;
    try {
      const { body } = await this.#ctx.client.indices.existsAlias({ name: this.names.alias('profiles') });
      return body === true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.#ctx.writer.idle();
      await this.#ctx.refresh.all((c) => this.names.alias(c.startsWith('config:') ? 'config' : (c as EsCollectionName))).catch(() => undefined);
      if (this.#ownsClient) await this.#ctx.client.close();
    })();
    return this.#closed;
  }

  /** The monthly event index for an arrival time, created on first use with the current mapping and the alias. */
  #monthIndex(iso: string): Promise<string> {
    const month = monthOf(iso);
    const version = this.#versions.get('events')!;
    const index = this.names.monthly(version.version, month);
    let ready = this.#months.get(index);
    if (!ready) {
      const mappings = mappingOf(version.definition, { collection: 'events', version: version.version, migrationId: version.migrationId, status: 'current' });
      ready = this.#ctx.client.indices.create({
        index, wait_for_active_shards: '1',
        body: { settings: this.#settings, mappings, aliases: { [this.names.alias('events')]: {} } },
      }).then(() => undefined, (error) => {
        if (esErrorType(error) === 'resource_already_exists_exception') return;
        this.#months.delete(index);
        throw toStorageError(error, `creating the event index ${index}`);
      });
      this.#months.set(index, ready);
    }
    return ready.then(() => index);
  }
}

/** Checks that the installation's indices are migrated to this code's schema; throws `storage_not_migrated` if not. */
export async function assertMigrated(store: ElasticsearchStore, applied: readonly string[], known: readonly string[]): Promise<void> {
  const missing = known.filter((id) => !applied.includes(id));
  if (missing.length > 0) {
    throw operationalError('storage_not_migrated', `Elasticsearch indices "${store.names.prefix}.*" are not migrated (pending: ${missing.join(', ')}); run \`tessera migrate\``, 503, { pending: missing });
  }
}
