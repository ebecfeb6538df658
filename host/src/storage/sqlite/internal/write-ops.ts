/**
 * Store writes as plain data, so they can cross to the writer thread: a submission is a list of operations that
 * commit together (one savepoint), and its result is the result of its last operation.
 */
import type { SqliteDatabase } from '../database.ts';
import type { Statement } from 'better-sqlite3';
import { StatementCache } from './statements.ts';

/** The document tables. */
export type DocTable = 'profiles' | 'sessions' | 'events';

/** One write operation. */
export type WriteOp =
  /**
   * Insert or replace a document; `aliases` (profiles only) are the ids that resolve to it; `created`: the caller has
   * just created it, so the insert is tried first (the upsert still replaces a stored one); `pair` (events only):
   * the event's session id and profile id (`''` for none), recorded in `session_profiles` (see its migration,
   * 202611291000-session-profiles), which finds a session's events.
   */
  | { op: 'put'; table: DocTable; id: string; json: string; aliases?: readonly string[]; created?: boolean; pair?: readonly [string, string] }
  /** Delete a document; result: whether it existed. */
  | { op: 'delete'; table: DocTable; id: string }
  | { op: 'put-config'; kind: string; id: string; json: string }
  | { op: 'delete-config'; kind: string; id: string }
  | { op: 'kv-set'; namespace: string; key: string; json: string; expiresAt: number | null }
  /** Result: whether a live (unexpired at `now`) value was deleted. */
  | { op: 'kv-delete'; namespace: string; key: string; now: number }
  /** Result: how many expired entries were removed. */
  | { op: 'kv-sweep'; now: number }
  /** Store a job in the outbox (an id already there is kept: the id is the job's idempotency key). */
  | { op: 'outbox-put'; id: string; json: string; createdAt: number }
  /** Result: how many of the ids were in the outbox. */
  | { op: 'outbox-delete'; ids: readonly string[] };

/**
 * How a document is written. Events have STORED generated columns (they are inserted, almost never replaced).
 * Profiles and sessions have ordinary indexed columns written with the document (migration
 * 202611281830-written-columns), each computed by `json_extract` from the document as a generated column would be:
 * an update first tries to assign only the document and `updated_at`, under the condition that the column that
 * practically never changes (a profile's `created_at`, a session's `profile_id`) keeps its value, so that column's
 * index entry is not rewritten; when the row is new or that column changes, the full upsert writes every column.
 */
interface PutSql {
  /** Params: id, json, then `json` once per extracted column. Inserts or replaces the whole row. */
  upsert: string;
  /** Params as `upsert`. Inserts the row unless one with its id exists (a document the caller has just created). */
  insert: string;
  extracted: number;
  /** Params: json, json, id, json. Updates doc and updated_at when the row exists with the same stable column. */
  update?: string;
}

const x = (field: string): string => `json_extract(?, '$.${field}')`;
function writtenColumns(table: DocTable, stable: [column: string, field: string]): PutSql {
  const [column, field] = stable;
  const values = `(id, doc, ${column}, updated_at) VALUES (?, ?, ${x(field)}, ${x('updatedAt')})`;
  return {
    upsert: `INSERT INTO ${table} ${values}
      ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, ${column} = excluded.${column}, updated_at = excluded.updated_at`,
    insert: `INSERT OR IGNORE INTO ${table} ${values}`,
    extracted: 2,
    update: `UPDATE ${table} SET doc = ?, updated_at = ${x('updatedAt')} WHERE id = ? AND ${column} IS ${x(field)}`,
  };
}

/** The document writes of each table, built once. */
const PUT_SQL: Readonly<Record<DocTable, PutSql>> = {
  profiles: writtenColumns('profiles', ['created_at', 'createdAt']),
  sessions: writtenColumns('sessions', ['profile_id', 'profileId']),
  events: {
    upsert: 'INSERT INTO events (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc',
    insert: 'INSERT OR IGNORE INTO events (id, doc) VALUES (?, ?)',
    extracted: 0,
  },
};

/** Applies write operations on one connection (inside a transaction the caller manages). */
export class WriteApplier {
  readonly #statements: StatementCache;
  /**
   * The statements every /track commit runs, prepared once and held directly: the hot path then builds no SQL text
   * and does no cache bookkeeping per row (the writer thread's time is the commit path's limit).
   */
  readonly #hot: Map<string, Statement> = new Map();

  constructor(db: SqliteDatabase) {
    this.#statements = new StatementCache(db);
  }

  #prepared(sql: string): Statement {
    let statement = this.#hot.get(sql);
    if (!statement) {
      statement = this.#statements.get(sql);
      this.#hot.set(sql, statement);
    }
    return statement;
  }

  /**
   * Writes one document (see {@link PUT_SQL}); returns true when it was new. A `created` one is inserted without the
   * update attempt, which would find nothing; if a row with its id exists after all, it is replaced as any other.
   */
  #put(table: DocTable, id: string, json: string, created: boolean): boolean {
    const sql = PUT_SQL[table];
    if (created) {
      if (this.#write(sql.insert, sql.extracted, id, json) > 0) return true;
    } else if (sql.update && this.#prepared(sql.update).run(json, json, id, json).changes > 0) {
      return false;
    }
    this.#write(sql.upsert, sql.extracted, id, json);
    return false;
  }

  /** Runs an insert of {@link PUT_SQL} (params: id, json, then json once per extracted column); returns its changes. */
  #write(text: string, extracted: number, id: string, json: string): number {
    const statement = this.#prepared(text);
    return (extracted === 0 ? statement.run(id, json) : statement.run(id, json, json, json)).changes;
  }

  /** Applies the operations in order; returns the last one's result. */
  apply(ops: readonly unknown[]): unknown {
    let result: unknown;
    for (const op of ops as readonly WriteOp[]) result = this.#one(op);
    return result;
  }

  /**
   * Makes `profile_ids` hold exactly the profile's own id and aliases. Only the difference is written: most puts
   * (a returning visitor's profile) keep their ids, and rewriting them would touch two indexes for nothing. A profile
   * just inserted has none stored (a profile's rows leave with it).
   */
  #putAliases(profileId: string, aliases: readonly string[], inserted: boolean): void {
    const sql = (text: string) => this.#prepared(text);
    const wanted = new Set([profileId, ...aliases]);
    const stored = inserted ? [] : sql('SELECT id FROM profile_ids WHERE profile_id = ?').pluck().all(profileId) as string[];
    const remove = sql('DELETE FROM profile_ids WHERE id = ? AND profile_id = ?');
    for (const id of stored) {
      if (!wanted.delete(id)) remove.run(id, profileId);
    }
    const insert = sql('INSERT OR IGNORE INTO profile_ids (id, profile_id) VALUES (?, ?)');
    for (const id of wanted) insert.run(id, profileId);
  }

  #one(op: WriteOp): unknown {
    const sql = (text: string) => this.#statements.get(text);
    switch (op.op) {
      case 'put': {
        const inserted = this.#put(op.table, op.id, op.json, op.created === true);
        if (op.table === 'profiles') this.#putAliases(op.id, op.aliases ?? [], inserted);
        // A returning visitor's pair is there already: the insert only probes the table.
        else if (op.pair) this.#prepared('INSERT OR IGNORE INTO session_profiles (session_id, profile_id) VALUES (?, ?)').run(op.pair[0], op.pair[1]);
        return undefined;
      }
      case 'delete':
        if (op.table === 'profiles') sql('DELETE FROM profile_ids WHERE profile_id = ?').run(op.id);
        return sql(`DELETE FROM ${op.table} WHERE id = ?`).run(op.id).changes > 0;
      case 'put-config':
        sql('INSERT INTO config (kind, id, doc) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET doc = excluded.doc').run(op.kind, op.id, op.json);
        return undefined;
      case 'delete-config':
        return sql('DELETE FROM config WHERE kind = ? AND id = ?').run(op.kind, op.id).changes > 0;
      case 'kv-set':
        sql(`INSERT INTO kv (namespace, key, value, expires_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`)
          .run(op.namespace, op.key, op.json, op.expiresAt);
        return undefined;
      case 'kv-delete': {
        const expiresAt = sql('DELETE FROM kv WHERE namespace = ? AND key = ? RETURNING expires_at').pluck().get(op.namespace, op.key) as number | null | undefined;
        return expiresAt !== undefined && (expiresAt === null || expiresAt > op.now);
      }
      case 'kv-sweep':
        return sql('DELETE FROM kv WHERE expires_at <= ?').run(op.now).changes;
      case 'outbox-put':
        this.#prepared('INSERT INTO outbox (id, doc, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING').run(op.id, op.json, op.createdAt);
        return undefined;
      case 'outbox-delete': {
        const remove = sql('DELETE FROM outbox WHERE id = ?');
        let removed = 0;
        for (const id of op.ids) removed += remove.run(id).changes;
        return removed;
      }
      default:
        throw new Error(`unknown write operation ${(op as { op: string }).op}`);
    }
  }
}

export { decodeSubmissions } from './write-ops-codec.ts';

/** The applier module entry point the writer thread calls (see `writer/protocol.ts`). */
export function createApplier(db: SqliteDatabase): WriteApplier {
  return new WriteApplier(db);
}
