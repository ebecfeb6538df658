/**
 * The SQLite outbox: jobs committed with write batches (`outbox` table, migration 202611281700-outbox). Puts ride in
 * the batch's submission, so they commit in the same transaction as its documents; reads use the read connection.
 */
import type { OutboxJob, Outbox } from '../port.ts';
import type { WriteOp } from './internal/write-ops.ts';
import type { StatementCache } from './internal/statements.ts';
import type { SqliteWriter } from './writer/writer.ts';

/** The outbox of a SQLite store. */
export class SqliteOutbox implements Outbox {
  readonly #writer: SqliteWriter<WriteOp>;
  readonly #statements: StatementCache;
  readonly scope: string;

  constructor(writer: SqliteWriter<WriteOp>, statements: StatementCache, file: string) {
    this.#writer = writer;
    this.#statements = statements;
    this.scope = `sqlite:${file}`;
  }

  /** The operation that stores one job (serialised now: the caller may change its objects afterwards). */
  putOp(job: OutboxJob, createdAt: number): WriteOp {
    const doc: OutboxJob = { id: job.id, name: job.name, payload: job.payload, ...(job.options ? { options: job.options } : {}) };
    return { op: 'outbox-put', id: job.id, json: JSON.stringify(doc), createdAt };
  }

  async pending(limit: number): Promise<OutboxJob[]> {
    const rows = this.#statements.get('SELECT doc FROM outbox ORDER BY created_at, id LIMIT ?').pluck().all(Math.max(0, Math.floor(limit))) as string[];
    return rows.map((doc) => JSON.parse(doc) as OutboxJob);
  }

  async remove(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.#writer.submit([{ op: 'outbox-delete', ids: [...ids] }])) as number;
  }
}
