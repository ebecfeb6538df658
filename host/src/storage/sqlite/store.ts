/**
 * The SQLite Store: the embedded default adapter of the storage port. One connection, one group committer through
 * which every write passes, so `commit` calls arriving together share one durable transaction.
 */
import { operationalError, unexpectedError } from '../../errors/index.ts';
import type { Profile, Session, TrackedEvent } from '../entities.ts';
import { CONFIG_KINDS, type Collection, type ConfigKind, type Doc, type Store, type WriteBatch } from '../port.ts';
import { validateBatch } from '../validate.ts';
import { SqliteCollection } from './collection.ts';
import { openSqlite, type OpenSqliteOptions, type SqliteDatabase } from './database.ts';
import { GroupCommitter, type GroupCommitOptions } from './group-commit.ts';
import { StatementCache } from './internal/statements.ts';
import { EVENTS_TABLE, PROFILES_TABLE, SESSIONS_TABLE } from './internal/tables.ts';
import { SqliteKv } from './kv.ts';
import { SqliteProfiles } from './profiles.ts';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions extends OpenSqliteOptions, GroupCommitOptions {
  /** How often expired kv entries are purged, in ms (default 60 s). */
  kvSweepMs?: number;
}

const none = new Set<string>();

/** The SQLite implementation of {@link Store}. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly profiles: SqliteProfiles;
  readonly sessions: SqliteCollection<Session>;
  readonly events: SqliteCollection<TrackedEvent>;
  readonly kv: SqliteKv;
  /** The database file. */
  readonly file: string;
  readonly #db: SqliteDatabase;
  readonly #committer: GroupCommitter;
  readonly #statements: StatementCache;
  readonly #config = new Map<ConfigKind, SqliteCollection<Doc>>();
  readonly #sweep: NodeJS.Timeout;
  #closed = false;

  constructor(db: SqliteDatabase, options: SqliteStoreOptions = {}) {
    this.#db = db;
    this.file = db.name;
    this.#committer = new GroupCommitter(db, options);
    this.#statements = new StatementCache(db);
    const args = [db, this.#committer, this.#statements] as const;
    this.profiles = new SqliteProfiles(...args, PROFILES_TABLE);
    this.sessions = new SqliteCollection<Session>(...args, SESSIONS_TABLE);
    this.events = new SqliteCollection<TrackedEvent>(...args, EVENTS_TABLE);
    this.kv = new SqliteKv(this.#committer, this.#statements);
    this.#sweep = setInterval(() => void this.kv.sweep().catch(() => undefined), options.kvSweepMs ?? 60_000);
    this.#sweep.unref();
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
      collection = new SqliteCollection<Doc>(this.#db, this.#committer, this.#statements, {
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
    // Serialise now: the caller may mutate its objects after calling commit.
    const profiles = (batch.profiles ?? []).map((p: Profile) => [p.id, JSON.stringify(p)] as const);
    const sessions = (batch.sessions ?? []).map((s) => [s.id, JSON.stringify(s)] as const);
    const events = (batch.events ?? []).map((e) => [e.id, JSON.stringify(e)] as const);
    const deletes = [...(batch.deleteProfiles ?? [])];
    return this.#committer.submit(() => {
      for (const [id, json] of profiles) this.profiles.writeSync(id, json);
      for (const [id, json] of sessions) this.sessions.writeSync(id, json);
      for (const [id, json] of events) this.events.writeSync(id, json);
      for (const id of deletes) this.profiles.deleteSync(id);
    });
  }

  async ready(): Promise<boolean> {
    if (this.#closed) return false;
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
    this.#committer.close();
    this.#db.close();
  }
}

/** Opens (creating and migrating if needed) a SQLite store on `file`. */
export async function createSqliteStore(file: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
  try {
    return new SqliteStore(await openSqlite(file, options), options);
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('migration_')) throw error;
    throw operationalError('storage_unavailable', `cannot open SQLite database ${file}: ${(error as Error).message}`, 503, undefined, error);
  }
}
