/** A bounded cache of prepared statements: search SQL varies with the query, but few shapes repeat a lot. */
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../database.ts';

const MAX = 256;

/** Prepared statements of one connection, keyed by SQL text. */
export class StatementCache {
  readonly #db: SqliteDatabase;
  readonly #cache = new Map<string, Statement>();

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  /** The prepared statement for `sql`, prepared once. */
  get(sql: string): Statement {
    let statement = this.#cache.get(sql);
    if (statement) {
      // Refresh recency: Map keeps insertion order, so the first key is the least recently used.
      this.#cache.delete(sql);
    } else {
      statement = this.#db.prepare(sql);
      if (this.#cache.size >= MAX) this.#cache.delete(this.#cache.keys().next().value!);
    }
    this.#cache.set(sql, statement);
    return statement;
  }
}
