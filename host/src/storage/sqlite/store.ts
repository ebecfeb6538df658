/**
 * The SQLite Store: the embedded default adapter of the storage port. Reads run on this thread's connection; every
 * write goes to the writer thread (`writer/`), which group-commits what arrives together in one durable transaction
 * while this thread keeps serving requests.
 */
import { operationalError, unexpectedError } from '../../errors/index.ts';
import type { Session, TrackedEvent } from '../entities.ts';
import { CONFIG_KINDS, type Collection, type ConfigKind, type Doc, type Store, type WriteBatch } from '../port.ts';
import { validateBatch } from '../validate.ts';
import { PairBatch, SqliteCollection, type OpCommitter } from './collection.ts';
import { openSqlite, type OpenSqliteOptions, type SqliteDatabase } from './database.ts';
import { cachingCommitter, DocumentCache, type DocumentCacheLimits } from './internal/doc-cache.ts';
import { StatementCache } from './internal/statements.ts';
import { EVENTS_TABLE, PROFILES_TABLE, SESSIONS_TABLE } from './internal/tables.ts';
import { SqliteKv } from './kv.ts';
import { SqliteOutbox } from './outbox.ts';
import { SqliteProfiles } from './profiles.ts';
import type { WriteOp } from './internal/write-ops.ts';
import { encodeSubmissions } from './internal/write-ops-codec.ts';
import { buildWalCoalesce } from './internal/wal-coalesce.ts';
import { SqliteWriter, type SqliteWriterOptions } from './writer/writer.ts';
import type { WalCoalesceStatus } from './writer/protocol.ts';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions extends OpenSqliteOptions, Omit<SqliteWriterOptions, 'walCoalesce'> {
  /** How often expired kv entries are purged, in ms (default 60 s). */
  kvSweepMs?: number;
  /**
   * Keep committed profiles and sessions in memory for reads by id (`internal/doc-cache.ts`). Only for a store that
   * is the sole writer of its file (default false): another process writing the file would not be seen.
   */
  documentCache?: boolean | DocumentCacheLimits;
  /**
   * Write the WAL through the coalescing VFS (`internal/wal-coalesce.ts`), built on first use with the machine's C
   * compiler (default true). Where it cannot be built, the store runs without it; {@link SqliteStore.walCoalesce} says.
   */
  walCoalescing?: boolean;
}

const none = new Set<string>();

/** The SQLite implementation of {@link Store}. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly profiles: SqliteProfiles;
  readonly sessions: SqliteCollection<Session>;
  readonly events: SqliteCollection<TrackedEvent>;
  readonly kv: SqliteKv;
  readonly outbox: SqliteOutbox;
  /** The database file. */
  readonly file: string;
  readonly #db: SqliteDatabase;
  readonly #committer: SqliteWriter<WriteOp>;
  /** Where document writes go: the writer, through the document caches when there are any. */
  readonly #docWrites: OpCommitter;
  readonly #statements: StatementCache;
  readonly #config = new Map<ConfigKind, SqliteCollection<Doc>>();
  readonly #sweep: NodeJS.Timeout;
  #closed = false;

  constructor(db: SqliteDatabase, writer: SqliteWriter<WriteOp>, options: SqliteStoreOptions = {}) {
    this.#db = db;
    this.file = db.name;
    this.#committer = writer;
    this.#statements = new StatementCache(db);
    const limits = options.documentCache === true ? {} : options.documentCache || null;
    const caches = limits ? { profiles: new DocumentCache(limits), sessions: new DocumentCache(limits) } : {};
    this.#docWrites = limits ? cachingCommitter(writer, caches) : writer;
    const args = [db, this.#docWrites, this.#statements] as const;
    this.profiles = new SqliteProfiles(...args, PROFILES_TABLE, caches.profiles ?? null);
    this.sessions = new SqliteCollection<Session>(...args, SESSIONS_TABLE, caches.sessions ?? null);
    this.events = new SqliteCollection<TrackedEvent>(...args, EVENTS_TABLE);
    this.kv = new SqliteKv(this.#committer, this.#statements);
    this.outbox = new SqliteOutbox(this.#committer, this.#statements, this.file);
    this.#sweep = setInterval(() => void this.kv.sweep().catch(() => undefined), options.kvSweepMs ?? 60_000);
    this.#sweep.unref();
  }

  /** Whether commits write the WAL through the coalescing VFS, and if not, why. */
  get walCoalesce(): WalCoalesceStatus {
    return this.#committer.walCoalesce;
  }

  /** Transactions committed and batches in them since opening (group commit makes items > groups). */
  get commitStats(): { groups: number; items: number } {
    return { ...this.#committer.stats };
  }

  config<T extends Doc>(kind: ConfigKind): Collection<T> {
    if (!(CONFIG_KINDS as readonly string[]).includes(kind)) {
      throw unexpectedError('unknown_config_kind', `"${String(kind)}" is not a configuration kind`);
    }
    let collection = this.#config.get(kind);
    if (!collection) {
      collection = new SqliteCollection<Doc>(this.#db, this.#docWrites, this.#statements, {
        table: 'config', entity: null, label: `config.${kind}`, kind,
        scope: { sql: 'kind = ?', params: [kind] }, scalarFields: none, textFields: 'doc',
      });
      this.#config.set(kind, collection);
    }
    return collection as unknown as Collection<T>;
  }

  commit(batch: WriteBatch): Promise<void> {
    try {
      validateBatch(batch);
    } catch (error) {
      return Promise.reject(error);
    }
    // Serialised now (in the ops): the caller may mutate its objects after calling commit.
    const created = new Set(batch.created);
    const pairs = new PairBatch();
    const ops: WriteOp[] = [
      ...(batch.profiles ?? []).map((p) => this.profiles.putOp(p, created.has(p.id))),
      ...(batch.sessions ?? []).map((x) => this.sessions.putOp(x, created.has(x.id))),
      ...(batch.events ?? []).map((e) => this.events.putOp(e, false, pairs)),
      ...(batch.deleteProfiles ?? []).map((id) => this.profiles.deleteOp(id)),
      // In the same submission, hence the same transaction: a job exists exactly when the batch committed.
      ...(batch.jobs ?? []).map((job) => this.outbox.putOp(job, Date.now())),
    ];
    if (ops.length === 0) return this.#closed ? Promise.reject(operationalError('store_closed', 'the store is closed')) : Promise.resolve();
    return this.#docWrites.submit(ops).then(() => undefined);
  }

  async ready(): Promise<boolean> {
    if (this.#closed || !this.#committer.healthy) return false;
    try {
      return this.#db.prepare('SELECT 1').pluck().get() === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#sweep);
    try {
      await this.#committer.close();
    } finally {
      this.#db.close();
    }
  }
}

/** Opens (creating and migrating if needed) a SQLite store on `file`. */
export async function createSqliteStore(file: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
  let db: SqliteDatabase | null = null;
  try {
    db = await openSqlite(file, options);
    // The writer thread opens its own connection once the schema is current.
    const walCoalesce = options.walCoalescing === false ? { file: null, reason: 'turned off' } : buildWalCoalesce();
    const writer = await SqliteWriter.start<WriteOp>(file, { ...options, encode: encodeSubmissions, checkpointThread: true, walCoalesce });
    return new SqliteStore(db, writer, options);
  } catch (error) {
    db?.close();
    if ((error as { code?: string }).code?.startsWith('migration_')) throw error;
    throw operationalError('storage_unavailable', `cannot open SQLite database ${file}: ${(error as Error).message}`, 503, undefined, error);
  }
}
