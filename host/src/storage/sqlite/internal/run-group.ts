/**
 * Runs a group of write work in ONE transaction. Pieces rarely fail (documents are validated before they are
 * submitted), so the group first runs as plain statements; only if a piece throws is that attempt rolled back and the
 * group run again with each piece in its own savepoint, so a failing piece is rolled back alone (a savepoint per piece
 * costs two statements per piece on every commit otherwise). If the transaction itself fails (e.g. COMMIT hits an I/O
 * error or a deferred constraint), every piece is retried in a transaction of its own, so only the bad one fails. Shared by the in-thread group committer (queue)
 * and the writer thread (store).
 */
import type { SqliteDatabase } from '../database.ts';

/** What happened to one piece of work. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Counts of committed transactions and of the pieces in them. */
export interface CommitStats {
  groups: number;
  items: number;
}

function alone(db: SqliteDatabase, work: () => unknown, stats: CommitStats): Outcome {
  try {
    const value = db.transaction(work).immediate();
    stats.groups += 1;
    stats.items += 1;
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Thrown inside the optimistic attempt when a piece fails: rolls that attempt back. */
class PieceFailed extends Error {}

/** Runs the pieces as one group commit; one outcome per piece, in order. Never throws. */
export function runGroup(db: SqliteDatabase, works: readonly (() => unknown)[], stats: CommitStats): Outcome[] {
  if (works.length === 1) return [alone(db, works[0]!, stats)];
  try {
    const outcomes = db.transaction((): Outcome[] => works.map((work) => {
      try {
        return { ok: true, value: work() };
      } catch {
        throw new PieceFailed();
      }
    })).immediate();
    stats.groups += 1;
    stats.items += works.length;
    return outcomes;
  } catch {
    // The attempt is rolled back. A piece failed, or the COMMIT did: then the savepoint attempt fails at COMMIT too
    // and falls back to one transaction per piece.
    return isolated(db, works, stats);
  }
}

/** The group again, each piece in its own savepoint. */
function isolated(db: SqliteDatabase, works: readonly (() => unknown)[], stats: CommitStats): Outcome[] {
  try {
    const outcomes = db.transaction((): Outcome[] => works.map((work) => {
      try {
        // A nested better-sqlite3 transaction is a SAVEPOINT: a throw rolls back only this piece.
        return { ok: true, value: db.transaction(work)() };
      } catch (error) {
        return { ok: false, error };
      }
    })).immediate();
    stats.groups += 1;
    stats.items += works.length;
    return outcomes;
  } catch {
    return works.map((work) => alone(db, work, stats));
  }
}
