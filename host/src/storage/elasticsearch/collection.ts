/**
 * One collection over an Elasticsearch alias. Single-index collections (profiles, sessions, configuration) read by
 * id in real time through the alias; the monthly event series is read through its alias by search (an alias over
 * many indices cannot GET) after refresh-before-search.
 */
import type { Client } from '@elastic/elasticsearch';
import { DERIVED_FIELDS, fromSource, toSource } from '@tessera/migrations';
import type { Collection, Doc, Filter, Page, Query } from '../port.ts';
import { validateDocs, type EntityCollection } from '../validate.ts';
import type { BulkOp, BulkWriter } from './internal/bulk.ts';
import { esStatus, toStorageError } from './internal/errors.ts';
import { compileQuery, compileSearch } from './internal/query.ts';
import type { RefreshTracker } from './internal/refresh.ts';

type Dsl = Record<string, unknown>;
interface Hit {
  _id: string;
  _index: string;
  _source: Record<string, unknown>;
  sort?: unknown[];
}

/** What a collection needs to know about its place in the cluster. */
export interface EsCollectionSpec {
  /** Collection name used for dirtiness tracking and messages (`profiles`, `config:sources`, ...). */
  name: string;
  /** The alias reads go through. */
  alias: string;
  /** True when the alias covers many indices (monthly events): no GET by id through it. */
  partitioned: boolean;
  /** Partitioned collections: the newest physical indices, read first by real-time GET (most reads are recent). */
  recentIndices?(): string[];
  /** Index a document is written to (the alias itself for single-index collections). */
  writeIndex(doc: Record<string, unknown>): Promise<string>;
  /** Entity schema to validate writes with, or null for configuration documents. */
  entity: EntityCollection | null;
  /** Natively mapped fields that can be sorted on. */
  sortable: ReadonlySet<string>;
  /** Parts of a document free-text search looks into. */
  textPaths: readonly string[];
  /** Fixed filter ANDed to every query (the configuration kind). */
  scope?: Dsl;
  /** Extra fields stored with each document (the configuration kind). */
  extra?: Record<string, unknown>;
  /** The Elasticsearch `_id` of a document id (configuration kinds share one index). */
  esId?(id: string): string;
  /**
   * Writes are searchable on every host once acknowledged. For configuration: another host reloads its cache by
   * search as soon as the change is announced on the bus, which happens right after the write.
   */
  refreshOnWrite?: boolean;
}

/** Shared machinery of every collection of one store. */
export interface EsContext {
  client: Client;
  writer: BulkWriter;
  refresh: RefreshTracker;
}

/** A port collection backed by an Elasticsearch alias. */
export class EsCollection<T extends Doc> implements Collection<T> {
  protected readonly ctx: EsContext;
  protected readonly spec: EsCollectionSpec;

  constructor(ctx: EsContext, spec: EsCollectionSpec) {
    this.ctx = ctx;
    this.spec = spec;
  }

  protected esId(id: string): string {
    return this.spec.esId ? this.spec.esId(id) : id;
  }

  async get(id: string): Promise<T | null> {
    if (typeof id !== 'string' || id === '') return null;
    if (this.spec.partitioned) return (await this.getMany([id]))[0] ?? null;
    try {
      const { body } = await this.ctx.client.get({ index: this.spec.alias, id: this.esId(id), _source_excludes: [...DERIVED_FIELDS] });
      return fromSource<T>((body as Hit)._source);
    } catch (error) {
      if (esStatus(error) === 404) return null;
      throw toStorageError(error, `reading ${this.spec.name}/${id}`);
    }
  }

  async getMany(ids: readonly string[]): Promise<T[]> {
    const wanted = ids.filter((id) => typeof id === 'string' && id !== '');
    if (wanted.length === 0) return [];
    const found = new Map<string, T>();
    try {
      if (this.spec.partitioned) {
        // Real-time first: a GET in the recent monthly indices sees writes of every process at once.
        const recent = this.spec.recentIndices?.() ?? [];
        if (recent.length > 0) {
          const docs = [...new Set(wanted)].flatMap((id) => recent.map((index) => ({ _index: index, _id: this.esId(id) })));
          const { body } = await this.ctx.client.mget({ _source_excludes: [...DERIVED_FIELDS], body: { docs } });
          for (const doc of (body as { docs: Array<Hit & { found?: boolean }> }).docs) {
            if (doc.found) found.set(String(doc._source.id), fromSource<T>(doc._source));
          }
        }
        const unique = [...new Set(wanted)].filter((id) => !found.has(id));
        if (unique.length === 0) return wanted.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
        await this.ctx.refresh.before(this.spec.name, this.spec.alias);
        const { body } = await this.ctx.client.search({
          index: this.spec.alias, size: unique.length, _source_excludes: [...DERIVED_FIELDS],
          body: { query: { ids: { values: unique.map((id) => this.esId(id)) } } },
        });
        for (const hit of (body as { hits: { hits: Hit[] } }).hits.hits) found.set(String(hit._source.id), fromSource<T>(hit._source));
      } else {
        const { body } = await this.ctx.client.mget({ index: this.spec.alias, _source_excludes: [...DERIVED_FIELDS], body: { ids: wanted.map((id) => this.esId(id)) } });
        for (const doc of (body as { docs: Array<Hit & { found: boolean }> }).docs) {
          if (doc.found) found.set(String(doc._source.id), fromSource<T>(doc._source));
        }
      }
    } catch (error) {
      throw toStorageError(error, `reading ${this.spec.name}`);
    }
    return wanted.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
  }

  async search(query: Query = {}): Promise<Page<T>> {
    const compiled = compileSearch(query ?? {}, this.spec.sortable, this.spec.scope ? [this.spec.scope] : []);
    const hits = await this.rawSearch(compiled.body);
    const page = hits.slice(0, compiled.limit);
    const last = page.at(-1);
    const next = hits.length > compiled.limit && last?.sort ? compiled.cursorAfter(last.sort) : null;
    return { items: page.map((h) => fromSource<T>(h._source)), next };
  }

  async count(filters?: Filter[]): Promise<number> {
    const query = compileQuery(filters, undefined, this.spec.scope ? [this.spec.scope] : []);
    await this.ctx.refresh.before(this.spec.name, this.spec.alias);
    try {
      const { body } = await this.ctx.client.count({ index: this.spec.alias, body: { query } });
      return (body as { count: number }).count;
    } catch (error) {
      throw toStorageError(error, `counting ${this.spec.name}`);
    }
  }

  async put(doc: T): Promise<void> {
    await this.putMany([doc]);
  }

  async putMany(docs: readonly T[]): Promise<void> {
    validateDocs(this.spec.entity, docs, this.spec.entity ?? this.spec.name);
    await this.ctx.writer.hold(async () => this.ctx.writer.submit(await this.indexOps(docs)));
  }

  /** The bulk operations that write `docs` (used by the store's atomic batch too). */
  async indexOps(docs: readonly T[]): Promise<BulkOp[]> {
    return Promise.all(docs.map(async (doc) => {
      const source = toSource({ ...doc, ...this.spec.extra } as Record<string, unknown>, this.spec.textPaths);
      return { action: 'index' as const, index: await this.spec.writeIndex(source), id: this.esId(doc.id), doc: source, collection: this.spec.name, refresh: this.spec.refreshOnWrite };
    }));
  }

  /** The bulk operation that deletes one document from the index holding it, or null when there is none. */
  async deleteOp(id: string): Promise<BulkOp | null> {
    if (!this.spec.partitioned) return { action: 'delete', index: this.spec.alias, id: this.esId(id), collection: this.spec.name, refresh: this.spec.refreshOnWrite };
    await this.ctx.refresh.before(this.spec.name, this.spec.alias);
    const { body } = await this.ctx.client.search({ index: this.spec.alias, size: 10, body: { _source: false, query: { ids: { values: [this.esId(id)] } } } });
    const hit = (body as { hits: { hits: Hit[] } }).hits.hits[0];
    return hit ? { action: 'delete', index: hit._index, id: hit._id, collection: this.spec.name } : null;
  }

  async delete(id: string): Promise<boolean> {
    if (typeof id !== 'string' || id === '') return false;
    return this.ctx.writer.hold(async () => {
      const op = await this.deleteOp(id).catch((error) => { throw toStorageError(error, `deleting ${this.spec.name}/${id}`); });
      if (!op) return false;
      const [result] = await this.ctx.writer.submit([op]);
      return result?.found ?? false;
    });
  }

  protected async rawSearch(body: Dsl): Promise<Hit[]> {
    await this.ctx.refresh.before(this.spec.name, this.spec.alias);
    try {
      const { body: response } = await this.ctx.client.search({ index: this.spec.alias, body, _source_excludes: [...DERIVED_FIELDS] });
      return (response as { hits: { hits: Hit[] } }).hits.hits;
    } catch (error) {
      throw toStorageError(error, `searching ${this.spec.name}`);
    }
  }
}
