/**
 * The queue's writes as data operations, executed on the queue's writer thread (see the SQLite writer in
 * `storage/sqlite/writer/`), so the fsync that makes a job durable never blocks the event loop.
 */
import type { Applier, SqliteDatabase } from '../../storage/sqlite/index.ts';
import { prepareQueueStatements, type JobRow } from './statements.ts';

/** One write of the embedded queue. Times are epoch ms. */
export type QueueOp =
  | { op: 'insert'; id: string; name: string; payload: string; attempts: number; backoffMs: number; runAt: number; now: number }
  /** Result: the claimed rows (now active, attempt counted). */
  | { op: 'claim'; name: string; now: number; limit: number }
  | { op: 'complete'; id: string }
  | { op: 'retry'; id: string; runAt: number; now: number; error: string }
  | { op: 'bury'; id: string; now: number; error: string }
  /** Result: whether a dead letter was revived. */
  | { op: 'revive'; id: string; now: number }
  | { op: 'recover'; now: number };

/** The applier module entry point the writer thread calls. */
export function createApplier(db: SqliteDatabase): Applier {
  const sql = prepareQueueStatements(db);
  const one = (op: QueueOp): unknown => {
    switch (op.op) {
      case 'insert':
        return sql.insert.run(op.id, op.name, op.payload, op.attempts, op.backoffMs, op.runAt, op.now, op.now).changes > 0;
      case 'claim':
        return sql.claim.all(op.now, op.name, op.now, op.limit) as JobRow[];
      case 'complete':
        return sql.complete.run(op.id).changes > 0;
      case 'retry':
        return sql.retry.run(op.runAt, op.now, op.error, op.id).changes > 0;
      case 'bury':
        return sql.bury.run(op.now, op.error, op.id).changes > 0;
      case 'revive':
        return sql.revive.run(op.now, op.now, op.id).changes > 0;
      case 'recover':
        return sql.recover.run(op.now).changes;
      default:
        throw new Error(`unknown queue operation ${(op as { op: string }).op}`);
    }
  };
  return {
    apply(ops) {
      let result: unknown;
      for (const op of ops as readonly QueueOp[]) result = one(op);
      return result;
    },
  };
}
