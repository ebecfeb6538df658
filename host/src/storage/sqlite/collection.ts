/**
 * A port Collection over one table of JSON documents (or one kind within the config table). Reads run directly;
 * writes go through the group committer so they share transactions with concurrent commits.
 */
import type { Statement } from 'better-sqlite3';
import type { Doc, Collection, Filter, Page, Query } from '../port.ts';
import { validateDocs, validateId, type EntityCollection } from '../validate.ts';
import { compileSearch, compileWhere, type KeyLookup, type TableSpec } from './internal/query.ts';
import { StatementCache } from './internal/statements.ts';
import { toStorageError } from './internal/sqlite-error.ts';
import type { SqliteDatabase } from './database.ts';
import type { DocumentCache } from './internal/doc-cache.ts';
import type { DocTable, WriteOp } from './internal/write-ops.ts';

/** Where collections send their writes (the writer thread): operations that commit together. */
export interface OpCommitter {
  submit(ops: readonly WriteOp[]): Promise<unknown>;
}

/** Everything a collection needs to know about its table. */
export interface SqliteCollectionSpec extends TableSpec {
  /** Name used in validation messages and for the entity schema; null for config kinds (id-only validation). */
  entity: EntityCollection | null;
  /** Label for messages, e.g. `profiles` or `config.sources`. */
  label: string;
  /** Value of the `kind` column for config collections. */
  kind?: string;
}

const CHUNK = 500;

/**
 * The side-table pairs (see TableSpec.keyedBy) that operations committed together already carry: each pair is sent
 * once per batch (a new visitor's system events and first event share one).
 */
export class PairBatch {
  readonly #seen = new Map<string, Set<string>>();

  /** True when `key`/`value` was seen before in this batch; records it otherwise. */
  seen(key: string, value: string): boolean {
    let values = this.#seen.get(key);
    if (!values) this.#seen.set(key, (values = new Set()));
    if (values.has(value)) return true;
    values.add(value);
    return false;
  }
}

/** Runs a synchronous read and maps engine errors. */
export function read<R>(fn: () => R): Promise<R> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(toStorageError(error));
  }
}

/** A collection of documents of type T in SQLite. */
export class SqliteCollection<T extends Doc> implements Collection<T> {
  protected readonly db: SqliteDatabase;
  protected readonly committer: OpCommitter;
  protected readonly spec: SqliteCollectionSpec;
  protected readonly statements: StatementCache;
  readonly #keyColumns: string;
  readonly #keyParams: unknown[];
  readonly #cache: DocumentCache | null;
  readonly #byIdSql: string;
  #byId: Statement | null = null;
  /** Reads the side table a query narrows through (see TableSpec.keyedBy), in the read's own snapshot. */
  readonly #lookup: KeyLookup = (sql, params) => this.statements.get(sql).pluck().all(...params);

  /** `cache`: the committed documents of this table kept in memory (see internal/doc-cache.ts), or none. */
  constructor(db: SqliteDatabase, committer: OpCommitter, statements: StatementCache, spec: SqliteCollectionSpec, cache: DocumentCache | null = null) {
    this.db = db;
    this.committer = committer;
    this.statements = statements;
    this.spec = spec;
    this.#keyColumns = spec.kind === undefined ? '' : 'kind = ? AND ';
    this.#keyParams = spec.kind === undefined ? [] : [spec.kind];
    this.#cache = cache;
    this.#byIdSql = `SELECT doc FROM ${spec.table} WHERE ${this.#keyColumns}id = ?`;
  }

  get(id: string): Promise<T | null> {
    return read(() => {
      const doc = this.storedJson(id);
      return doc === undefined ? null : (JSON.parse(doc) as T);
    });
  }

  /** The stored JSON of document `id` (from the cache when it holds it), or undefined. Throws engine errors. */
  protected storedJson(id: string): string | undefined {
    const cached = this.#cache?.get(id);
    if (cached !== undefined) return cached;
    // Prepared once and held: the read by id runs on every /track request.
    this.#byId ??= this.db.prepare(this.#byIdSql).pluck();
    const doc = this.#byId.get(...this.#keyParams, id);
    if (typeof doc !== 'string') return undefined;
    this.#cache?.offer(id, doc);
    return doc;
  }

  getMany(ids: readonly string[]): Promise<T[]> {
    return read(() => {
      const unique = [...new Set(ids)];
      const found = new Map<string, T>();
      for (let i = 0; i < unique.length; i += CHUNK) {
        const chunk = unique.slice(i, i + CHUNK);
        const sql = `SELECT id, doc FROM ${this.spec.table} WHERE ${this.#keyColumns}id IN (${chunk.map(() => '?').join(', ')})`;
        for (const row of this.db.prepare(sql).all(...this.#keyParams, ...chunk) as { id: string; doc: string }[]) {
          found.set(row.id, JSON.parse(row.doc) as T);
        }
      }
      return unique.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
    });
  }

  search(query: Query = {}): Promise<Page<T>> {
    return read(() => this.#snapshot(query.filters, () => {
      const compiled = compileSearch(this.spec, query, this.#lookup);
      const rows = this.statements.get(compiled.sql).all(...compiled.params) as Record<string, unknown>[];
      const page = rows.slice(0, compiled.limit);
      const next = rows.length > compiled.limit ? compiled.cursorAfter(page[page.length - 1]!) : null;
      return { items: page.map((r) => JSON.parse(r.doc as string) as T), next };
    }));
  }

  count(filters?: Filter[]): Promise<number> {
    return read(() => this.#snapshot(filters, () => {
      const where = compileWhere(this.spec, filters, undefined, this.#lookup);
      return this.statements.get(`SELECT count(*) FROM ${this.spec.table} WHERE ${where.sql}`).pluck().get(...where.params) as number;
    }));
  }

  /**
   * Runs a read in one snapshot when its filters read the side table of `spec.keyedBy` first: otherwise a row
   * committed between the lookup and the query could be visible without the side-table entry that finds it.
   */
  #snapshot<R>(filters: readonly Filter[] | undefined, fn: () => R): R {
    const keyed = this.spec.keyedBy?.field;
    const needed = keyed !== undefined && Array.isArray(filters) && filters.some((f) => f?.field === keyed) && !this.db.inTransaction;
    return needed ? this.db.transaction(fn)() : fn();
  }

  put(doc: T): Promise<void> {
    return this.putMany([doc]);
  }

  putMany(docs: readonly T[]): Promise<void> {
    try {
      validateDocs(this.spec.entity, docs, this.spec.label);
    } catch (error) {
      return Promise.reject(error);
    }
    const batch = new PairBatch();
    const ops = docs.map((d) => this.putOp(d, false, batch));
    return this.committer.submit(ops).then(() => undefined);
  }

  delete(id: string): Promise<boolean> {
    try {
      validateId({ id }, this.spec.label);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.committer.submit([this.deleteOp(id)]) as Promise<boolean>;
  }

  /**
   * The operation that writes one document (serialised now: callers may mutate their objects afterwards); `created`:
   * the caller has just created it (see WriteBatch.created). `batch`: the side-table pairs the operations committed
   * together with this one already carry, so each pair is sent once (see TableSpec.keyedBy); without it, always.
   */
  putOp(doc: T, created = false, batch?: PairBatch): WriteOp {
    const json = JSON.stringify(doc);
    if (this.spec.kind !== undefined) return { op: 'put-config', kind: this.spec.kind, id: doc.id, json };
    const op: WriteOp = { op: 'put', table: this.spec.table as DocTable, id: doc.id, json, ...(created ? { created } : {}) };
    const aliases = this.aliasesOf(doc);
    if (aliases) op.aliases = aliases;
    const k = this.spec.keyedBy;
    if (k) {
      // The side table's pair for this document; validated documents hold strings or null.
      const key = (doc as Record<string, unknown>)[k.field];
      const raw = (doc as Record<string, unknown>)[k.valueField];
      const value = typeof raw === 'string' ? raw : k.nullAs;
      if (typeof key === 'string' && !batch?.seen(key, value)) op.pair = [key, value];
    }
    return op;
  }

  /** Ids that resolve to the document besides its own (profiles: their `ids`, see `profiles.ts`); none by default. */
  protected aliasesOf(_doc: T): readonly string[] | undefined {
    return undefined;
  }

  /** The operation that deletes one document. */
  deleteOp(id: string): WriteOp {
    return this.spec.kind === undefined ? { op: 'delete', table: this.spec.table as DocTable, id } : { op: 'delete-config', kind: this.spec.kind, id };
  }
}
