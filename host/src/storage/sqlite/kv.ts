/** Plugin key-value state in the `kv` table, with optional expiry (expired entries read as absent). */
import { userError } from '../../errors/index.ts';
import type { KvStore } from '../port.ts';
import { read, type OpCommitter } from './collection.ts';
import type { StatementCache } from './internal/statements.ts';

function checkKey(namespace: string, key: string): void {
  if (typeof namespace !== 'string' || namespace.length === 0 || namespace.length > 512) {
    throw userError('invalid_kv', 'namespace must be a non-empty string of at most 512 characters', 400, { field: 'namespace' });
  }
  if (typeof key !== 'string' || key.length === 0 || key.length > 1024) {
    throw userError('invalid_kv', 'key must be a non-empty string of at most 1024 characters', 400, { field: 'key' });
  }
}

/** The SQLite key-value store. */
export class SqliteKv implements KvStore {
  readonly #committer: OpCommitter;
  readonly #statements: StatementCache;

  constructor(committer: OpCommitter, statements: StatementCache) {
    this.#committer = committer;
    this.#statements = statements;
  }

  /** The value, or undefined when absent or expired. */
  get(namespace: string, key: string): Promise<unknown> {
    return read(() => {
      checkKey(namespace, key);
      const value = this.#statements.get('SELECT value FROM kv WHERE namespace = ? AND key = ? AND (expires_at IS NULL OR expires_at > ?)')
        .pluck().get(namespace, key, Date.now()) as string | undefined;
      return value === undefined ? undefined : JSON.parse(value);
    });
  }

  set(namespace: string, key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    try {
      checkKey(namespace, key);
      if (ttlSeconds !== undefined && !(typeof ttlSeconds === 'number' && ttlSeconds > 0 && Number.isFinite(ttlSeconds))) {
        throw userError('invalid_kv', 'ttlSeconds must be a positive number', 400, { field: 'ttlSeconds' });
      }
      let json: string | undefined;
      try {
        json = JSON.stringify(value);
      } catch {
        json = undefined;
      }
      if (json === undefined) throw userError('invalid_kv', 'value must be JSON-serialisable', 400, { field: 'value' });
      const expiresAt = ttlSeconds === undefined ? null : Date.now() + Math.round(ttlSeconds * 1000);
      return this.#committer.submit([{ op: 'kv-set', namespace, key, json, expiresAt }]).then(() => undefined);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Deletes a key; false when it was absent or already expired. */
  delete(namespace: string, key: string): Promise<boolean> {
    try {
      checkKey(namespace, key);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#committer.submit([{ op: 'kv-delete', namespace, key, now: Date.now() }]) as Promise<boolean>;
  }

  /** Removes expired entries (run periodically; reads already ignore them). */
  sweep(): Promise<number> {
    return this.#committer.submit([{ op: 'kv-sweep', now: Date.now() }]) as Promise<number>;
  }
}
