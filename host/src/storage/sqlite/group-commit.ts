/**
 * Group commit: write work submitted in the same tick (or within `windowMs`) runs in ONE transaction, so the
 * fsync that makes it durable is paid once for the whole group. Each submitter's promise settles only after that
 * transaction committed. Every piece of work runs inside its own savepoint, so one failing piece is rolled back
 * alone and the others still commit.
 */
import { operationalError } from '../../errors/index.ts';
import type { SqliteDatabase } from './database.ts';
import { runGroup, type CommitStats } from './internal/run-group.ts';
import { toStorageError } from './internal/sqlite-error.ts';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Options of {@link GroupCommitter}. */
export interface GroupCommitOptions {
  /** Extra time to wait for more work before committing, in ms; 0 (default) groups what arrives in one tick. */
  windowMs?: number;
}

/** Serialises all writes of one connection into group-committed transactions. */
export class GroupCommitter {
  readonly #db: SqliteDatabase;
  readonly #windowMs: number;
  #queue: Pending[] = [];
  #scheduled = false;
  #closed = false;
  /** Number of transactions committed, and of work items in them (for tests and metrics). */
  readonly stats: CommitStats = { groups: 0, items: 0 };

  constructor(db: SqliteDatabase, options: GroupCommitOptions = {}) {
    this.#db = db;
    this.#windowMs = options.windowMs ?? 0;
  }

  /** Queues synchronous write work; resolves with its result once it is committed. */
  submit<R>(work: () => R): Promise<R> {
    if (this.#closed) return Promise.reject(operationalError('store_closed', 'the store is closed'));
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        if (this.#windowMs > 0) setTimeout(() => this.flush(), this.#windowMs);
        else setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued now, synchronously. */
  flush(): void {
    this.#scheduled = false;
    const group = this.#queue;
    this.#queue = [];
    if (group.length === 0) return;
    const outcomes = runGroup(this.#db, group.map((p) => p.work), this.stats);
    group.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) p.resolve(outcome.value);
      else p.reject(toStorageError(outcome.error));
    });
  }

  /** Stops accepting work and commits what is queued. */
  close(): void {
    this.#closed = true;
    this.flush();
  }
}
